"""Checks gold files against the format and their articles: python evals/check_gold.py [GOLD.json ...]

With no arguments it checks every file in evals/gold/. It reads only gold files and articles; it
never runs the extractor. Prints one line per problem and exits 1 when there is any.
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pydantic import ValidationError  # noqa: E402

from summarizer._eval import gold_problems  # noqa: E402
from summarizer._models import GoldArticle  # noqa: E402


def main(paths: list[str]) -> int:
    files = [Path(p) for p in paths] or sorted((ROOT / "evals" / "gold").glob("*.json"))
    bad = 0
    for path in files:
        try:
            gold = GoldArticle.model_validate_json(path.read_text(encoding="utf-8"))
        except (OSError, ValidationError) as error:
            print(f"{path}: {error}")
            bad += 1
            continue
        article = ROOT / gold.article
        if not article.is_file():
            print(f"{path}: article not found: {gold.article}")
            bad += 1
            continue
        for problem in gold_problems(gold, article.read_text(encoding="utf-8")):
            print(f"{path.name}: {problem}")
            bad += 1
    print(f"{len(files)} file(s) checked, {bad} problem(s)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

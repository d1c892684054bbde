"""Every setting read from the environment that is not a command-line option, in one place.

Command-line options read their variables through typer's ``envvar=`` (see ``cli.py``:
SUMMARIZER_BASE_URL, SUMMARIZER_MODEL, SUMMARIZER_MODE, SUMMARIZER_STRATEGY, SUMMARIZER_MODEL_PATH).
What is left is where files live, and the API key, which never goes on a command line.
"""

from __future__ import annotations

import os
from pathlib import Path

API_KEY_VARIABLES = ("SUMMARIZER_API_KEY", "OPENAI_API_KEY")


def api_key(variable: str | None = None) -> str | None:
    """The key in ``variable`` (``--api-key-env``), else the first of API_KEY_VARIABLES that is set.
    A named variable that is unset raises ``LookupError``: the user asked for that one."""
    if variable:
        value = os.environ.get(variable)
        if not value:
            raise LookupError(variable)
        return value
    return next((os.environ[name] for name in API_KEY_VARIABLES if os.environ.get(name)), None)


def _user_cache() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarizer"))


def response_cache_dir() -> Path:
    """Model responses cached on disk: SUMMARIZER_CACHE_DIR, else the user cache directory."""
    return Path(os.environ.get("SUMMARIZER_CACHE_DIR") or _user_cache() / "responses")


def model_dir() -> Path:
    """Where the bundled model is assembled: SUMMARIZER_MODEL_DIR, else the user cache directory."""
    return Path(os.environ.get("SUMMARIZER_MODEL_DIR") or _user_cache() / "models")


def prompts_dir() -> Path | None:
    """A folder of prompt files replacing the packaged ones (SUMMARIZER_PROMPTS_DIR), if set."""
    value = os.environ.get("SUMMARIZER_PROMPTS_DIR")
    return Path(value) if value else None

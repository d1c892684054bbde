"""`python -m summarizer` is the `summarizer` command (for environments without the script on PATH)."""

from .cli import main

main()

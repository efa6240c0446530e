"""`python -m lexicon` runs the CLI."""

from lexicon.cli import run

if __name__ == "__main__":
    run()

"""`python -m lexicon` runs the CLI."""

from lexicon.cli import main

if __name__ == "__main__":
    main()

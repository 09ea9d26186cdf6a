"""venru: look up the facts of one news article about the Russian-Venezuelan talks of 16 February 2022."""

__version__ = "0.2.0"

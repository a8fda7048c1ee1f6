"""wiretrace: the article behind each news page, the copies of each wire story, the stories."""

__version__ = "0.1.0"

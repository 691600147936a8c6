"""unspin: read news the way a disinformation analyst does.

>>> from unspin import Article, Pipeline
>>> article = Pipeline(only=["sentences"])(Article("Troops arrived. Nobody left."))
>>> [s.text for s in article.layer("sentences")]
['Troops arrived.', 'Nobody left.']
"""

from unspin.analyzer import Analyzer, register
from unspin.article import Annotation, Article
from unspin.pipeline import Pipeline

__version__ = "0.1.0"
__all__ = ["Analyzer", "Annotation", "Article", "Pipeline", "__version__", "register"]

"""Language services the analyzers share: segmentation, the spaCy parse, dependency walks, the gazetteer.

None of these is an analyzer (they write no layer); analyzers call them, and they cache on the article.
"""

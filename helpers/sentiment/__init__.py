"""Sentiment by paragraph and by sentence with VADER (Hutto & Gilbert 2014). Computes only.

The scorer is the reference implementation, the `vaderSentiment` package (3.3.2) by VADER's
authors, with the lexicon and emoji lexicon it ships. Every score in a table is exactly what
its `polarity_scores` returns (it rounds neg/neu/pos to 3 decimals and compound to 4).

* `reference`: `analyzer()`, the one place the scorer is created, and the recorder of the
  valences it computes;
* `scores`: paragraph and sentence tables (`paragraph_sentiment`, `sentence_sentiment`);
* `attribution`: which words moved each score (`trace`, `attribution`);
* `nltk_port`: nltk's port beside the reference (`nltk_comparison`);
* `arc`: the mean sentence score with its interval, the smoothed arc (`mean_interval`,
  `dct_smooth`, `arc_data`);
* `lexicons`: the other instruments, AFINN-165, Harvard IV-4 and Loughran–McDonald (`scores`,
  `word_contributions`, `INSTRUMENTS`, `POLARITY_INSTRUMENTS`, their `SOURCES` and `LICENCES`),
  each equal to its package's own function.

The figures are drawn by `helpers.plots.sentiment`; nothing here imports matplotlib.
"""
from .arc import arc_data, dct_smooth, mean_interval, sentence_block, sentence_positions  # noqa: F401
from .attribution import Trace, attribution, top_contributors, trace  # noqa: F401
from .nltk_port import blocks, nltk_analyzer, nltk_comparison, nltk_token_differences  # noqa: F401
from .lexicons import INSTRUMENTS, POLARITY_INSTRUMENTS, word_contributions  # noqa: F401
from .lexicons import scores as lexicon_scores  # noqa: F401
from .reference import analyzer  # noqa: F401
from .scores import (  # noqa: F401
    SCORES, THRESHOLD, label, mean_compound, paragraph_sentiment, scores, sentence_sentiment, title_sentiment,
)

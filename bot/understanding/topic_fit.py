"""The child process that fits the topic model: examples in on stdin, weights out on stdout.

Run by ``topic_model.fit_weights`` as ``python -m bot.understanding.topic_fit`` so that
scikit-learn and SciPy are imported here, for the seconds a fit takes, and never in the
long-running bot (see ``topic_model``'s docstring). Both ends are this project's code; the
examples are content, never anything a user typed.
"""

from __future__ import annotations

import pickle
import sys

from bot.understanding.topic_model import fit_here


def main() -> None:
    texts, labels = pickle.loads(sys.stdin.buffer.read())
    sys.stdout.buffer.write(pickle.dumps(fit_here(texts, labels)))


if __name__ == "__main__":
    main()

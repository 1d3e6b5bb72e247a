"""The core modules the first window needs, imported before Qt (for a quick start).

PySide6 installs an import hook that reads the source of every module imported after it
(looking for ``__feature__`` switches). Importing the window's non-Qt modules first spares
the app that work at startup. This module imports no Qt.
"""

import importlib.metadata  # sqlite-utils reads its plugins' entry points on first open

import numpy
import numpy.ma  # np.unique needs it when the employees page takes its data
import sqlite_utils

import planner.catalog
import planner.planning
import planner.store

__all__ = ["importlib", "numpy", "planner", "sqlite_utils"]

"""Long work in a separate worker process, so the GUI's Python thread never waits for it.

Threads inside the GUI process share one interpreter lock: while a worker thread solves an
allocation or draws a chart, every Qt callback into Python waits for it, and the window
stutters. ``process.py`` (the parent side) sends a function reference and its arguments to
a pre-started ``child.py`` process and relays progress, cancel and the result.
"""

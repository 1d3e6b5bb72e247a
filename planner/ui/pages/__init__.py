"""The pages of the main window, one module each (placeholders say what part 2 brings)."""

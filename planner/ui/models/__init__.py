"""Qt item models over core data (column arrays, filtered and sorted inside the model)."""

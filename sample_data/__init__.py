"""Demo organisation files and the generator of synthetic organisations."""

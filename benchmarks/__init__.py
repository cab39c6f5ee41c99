"""Scripts that measure speed and memory and print the figures."""

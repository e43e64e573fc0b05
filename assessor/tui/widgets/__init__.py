"""Small widgets: each gets a model (or plain values) and renders it; none computes a score."""

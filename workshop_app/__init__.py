"""Workshop App: guides a facilitator from division requests to aligned, signed-off decisions."""

__version__ = "0.1.0"

"""The surfaces: admin CLI, console chat, HTTP server, and the composition root that wires them."""

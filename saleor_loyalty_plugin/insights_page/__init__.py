"""The staff-only insights page: the API's numbers and server-drawn SVG charts."""

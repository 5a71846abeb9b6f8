"""The service desk's domain core: plain Python, no framework imports."""

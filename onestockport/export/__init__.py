"""The static export: the whole public site written as files any web host can serve."""

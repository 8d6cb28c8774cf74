"""HTTP-level protections shared by every app: response headers, request size limits and sign-in throttling.

docs/security.md describes what each protects and what a deployment must add.
"""

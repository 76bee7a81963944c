"""Taking a mock interview, one module per page: `starting` (the start page, retry),
`answering` (a question against the clock: draft, submit, end) and `reviewing` (the
summary and the rating). What they share sits in `responses`."""

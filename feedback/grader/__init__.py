"""The optional AI grader: an OpenAI-compatible chat model reads an answer against its key
points, in the background, and each verdict is kept only if it quotes the answer."""

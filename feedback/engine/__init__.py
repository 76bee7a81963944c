"""The key-point matching engine: pure text processing, no models, views or database.

normalize folds text for comparison (chinese turns traditional characters into simplified),
finding finds every alias of a list of points in one pass, statements finds bare lists and
negations, matching decides which key points an answer makes, and suggest proposes key
points from a model answer.
"""

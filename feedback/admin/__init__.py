"""Key points in the question admin: edited inline, suggested from the model answer, and
checked against a sample answer before saving.

The question admin belongs to the questions app, which may not import this one; so this
app extends it (questions.admin.extend_question_admin) with KeyPointsMixin. options holds
the mixin and the inline, views the pages it adds, forms and keypoints what they use.
"""

from feedback.admin.options import KeyPointsMixin
from questions.admin import extend_question_admin

extend_question_admin(KeyPointsMixin)

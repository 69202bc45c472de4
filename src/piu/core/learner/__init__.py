"""What the learner uses and saves: the question forms that record answers (:mod:`.widgets`),
progress and its report, the project file (:mod:`.dossier`), the browser's storage
(:mod:`.browser`) and the plain .docx writer.

Imports ``questions`` and the foundations; never ``trainer`` or ``book``.
"""

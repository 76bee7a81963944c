"""The only code that saves voice's models: one function per change (`<thing>_<action>`)."""

from voice.services.chunks import ChunkResult, chunk_store, container_of, ensure_accepting
from voice.services.errors import (
    BadRequest,
    Closed,
    NotAudio,
    NotFound,
    TooLarge,
    VoiceError,
    WrongType,
)
from voice.services.joining import delete_files
from voice.services.orphans import orphan_files
from voice.services.recordings import (
    Figures,
    part_finish,
    part_for_playback,
    recording_delete,
    recording_figures_set,
    recording_join_unfinished,
)

__all__ = [
    "BadRequest",
    "ChunkResult",
    "Closed",
    "Figures",
    "NotAudio",
    "NotFound",
    "TooLarge",
    "VoiceError",
    "WrongType",
    "chunk_store",
    "container_of",
    "delete_files",
    "ensure_accepting",
    "orphan_files",
    "part_finish",
    "part_for_playback",
    "recording_delete",
    "recording_figures_set",
    "recording_join_unfinished",
]

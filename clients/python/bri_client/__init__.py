"""A small typed client for bri-context, for BRI's agent. Standard library only (urllib, json, dataclasses).

    from bri_client import BriClient, Turn
    bri = BriClient("http://localhost:8080", api_key=None)
    context = bri.context("demo", types=["caption", "transcript"], include_memory=True)
    recent = bri.recent_memory("demo", limit=10)
    bri.add_memory_pair("demo", "What is the dog doing?", "It runs along the beach.")
    hits = bri.search("demo", "dog")

Every error of the service (RFC 9457 problem+json) is raised as BriError with its status, type, detail, request id
and field errors.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from typing import Any, Dict, List, Optional, Sequence

__all__ = ["BriClient", "BriError", "Turn", "MemoryPage", "ContextDocument", "SearchHit", "SearchResult",
           "PipelineProgress", "StageProgress"]


@dataclass(frozen=True)
class Turn:
    """One conversation turn: role is 'user' or 'assistant'."""
    id: int
    role: str
    content: str
    timestamp: str


@dataclass(frozen=True)
class MemoryPage:
    """A page of turns; next_before / next_after are the cursors of the following page, None when there is none."""
    turns: List[Turn]
    next_before: Optional[int] = None
    next_after: Optional[int] = None


@dataclass(frozen=True)
class ContextDocument:
    """The context of a video. Items are the service's JSON objects (id, type, start, end, data, source)."""
    video: Dict[str, Any]
    metadata: Optional[Dict[str, Any]]
    frames: List[Dict[str, Any]]
    captions: List[Dict[str, Any]]
    transcript: List[Dict[str, Any]]
    objects: List[Dict[str, Any]]
    full_text: Optional[str] = None
    language: Optional[str] = None
    memory: Optional[List[Turn]] = None
    partial: bool = False
    missing: List[str] = field(default_factory=list)


@dataclass(frozen=True)
class SearchHit:
    id: str
    type: str
    start: float
    end: Optional[float]
    snippet: str
    score: float


@dataclass(frozen=True)
class SearchResult:
    query: str
    hits: List[SearchHit]


@dataclass(frozen=True)
class StageProgress:
    stage: str
    state: str
    started_at: Optional[str]
    finished_at: Optional[str]
    duration_ms: Optional[int]
    error: Optional[str]
    attempts: int


@dataclass(frozen=True)
class PipelineProgress:
    video_id: str
    video_status: str
    progress: float
    pipeline: StageProgress
    stages: List[StageProgress]


class BriError(Exception):
    """A problem document from the service (or a transport failure, status 0)."""

    def __init__(self, status: int, type_: str, title: str, detail: str, request_id: Optional[str] = None,
                 errors: Optional[List[Dict[str, str]]] = None, retry_after: Optional[int] = None):
        super().__init__(f"{status} {title}: {detail}")
        self.status = status
        self.type = type_
        self.title = title
        self.detail = detail
        self.request_id = request_id
        self.errors = errors or []
        self.retry_after = retry_after


def _turn(d: Dict[str, Any]) -> Turn:
    return Turn(id=d["id"], role=d["role"], content=d["content"], timestamp=d["timestamp"])


def _stage(d: Dict[str, Any]) -> StageProgress:
    return StageProgress(stage=d["stage"], state=d["state"], started_at=d.get("started_at"),
                         finished_at=d.get("finished_at"), duration_ms=d.get("duration_ms"), error=d.get("error"),
                         attempts=d.get("attempts", 0))


class BriClient:
    """The service at base_url; api_key is sent as a bearer credential when authentication is on."""

    def __init__(self, base_url: str, api_key: Optional[str] = None, user_id: Optional[str] = None,
                 timeout: float = 30.0):
        self.base_url = base_url.rstrip("/")
        self.api_key = api_key
        self.user_id = user_id
        self.timeout = timeout

    # ---- the agent's calls -----------------------------------------------------------------------------------------
    def context(self, video_id: str, types: Optional[Sequence[str]] = None, start: Optional[float] = None,
                end: Optional[float] = None, include_memory: bool = False) -> ContextDocument:
        """Build the context of a video (optionally a time window), with the last turns of memory if asked."""
        query: Dict[str, Any] = {}
        if types:
            query["types"] = ",".join(types)
        if start is not None:
            query["from"] = start
        if end is not None:
            query["to"] = end
        if include_memory:
            query["include"] = "memory"
        d = self._request("GET", f"/api/v1/videos/{self._id(video_id)}/context", query=query)
        return ContextDocument(video=d["video"], metadata=d.get("metadata"), frames=d.get("frames", []),
                               captions=d.get("captions", []), transcript=d.get("transcript", []),
                               objects=d.get("objects", []), full_text=d.get("full_text"), language=d.get("language"),
                               memory=[_turn(t) for t in d["memory"]] if d.get("memory") is not None else None,
                               partial=bool(d.get("partial", False)), missing=d.get("missing") or [])

    def recent_memory(self, video_id: str, limit: int = 10) -> List[Turn]:
        """The last turns of the conversation about a video, oldest first."""
        return self.memory_page(video_id, limit=limit).turns

    def memory_page(self, video_id: str, limit: int = 10, before: Optional[int] = None,
                    after: Optional[int] = None, newest_first: bool = False) -> MemoryPage:
        """One page of turns: before= pages back through history, after= forward (after=0 from the start)."""
        query: Dict[str, Any] = {"limit": limit, "order": "newest" if newest_first else "oldest"}
        if before is not None:
            query["before"] = before
        if after is not None:
            query["after"] = after
        d = self._request("GET", f"/api/v1/videos/{self._id(video_id)}/memory", query=query)
        return MemoryPage(turns=[_turn(t) for t in d["turns"]], next_before=d.get("next_before"),
                          next_after=d.get("next_after"))

    def add_memory_pair(self, video_id: str, question: str, answer: str) -> List[Turn]:
        """Store a user's question and the assistant's answer as one unit: both or neither."""
        return self.add_memory(video_id, [("user", question), ("assistant", answer)])

    def add_memory(self, video_id: str, turns: Sequence[tuple]) -> List[Turn]:
        """Store several (role, content) turns atomically, in order."""
        body = {"turns": [{"role": role, "content": content} for role, content in turns]}
        d = self._request("POST", f"/api/v1/videos/{self._id(video_id)}/memory", body=body)
        return [_turn(t) for t in d["turns"]]

    def search(self, video_id: str, query: str, types: Optional[Sequence[str]] = None,
               limit: int = 10) -> SearchResult:
        """Ranked full-text search over a video's captions and transcript segments."""
        params: Dict[str, Any] = {"q": query, "limit": limit}
        if types:
            params["types"] = ",".join(types)
        d = self._request("GET", f"/api/v1/videos/{self._id(video_id)}/search", query=params)
        hits = [SearchHit(id=h["id"], type=h["type"], start=h["start"], end=h.get("end"),
                          snippet=h.get("snippet", ""), score=h.get("score", 0.0))
                for h in d.get("hits", [])]
        return SearchResult(query=d.get("query", query), hits=hits)

    # ---- around them -----------------------------------------------------------------------------------------------
    def put_video(self, video_id: str, filename: str, duration: float) -> Dict[str, Any]:
        return self._request("PUT", f"/api/v1/videos/{self._id(video_id)}",
                             body={"filename": filename, "duration": duration})

    def ingest(self, video_id: str, items: List[Dict[str, Any]],
               transcript: Optional[Dict[str, str]] = None) -> Dict[str, Any]:
        body: Dict[str, Any] = {"items": items}
        if transcript is not None:
            body["transcript"] = transcript
        return self._request("POST", f"/api/v1/videos/{self._id(video_id)}/context", body=body)

    def pipeline(self, video_id: str) -> PipelineProgress:
        d = self._request("GET", f"/api/v1/videos/{self._id(video_id)}/pipeline")
        return PipelineProgress(video_id=d["video_id"], video_status=d["video_status"], progress=d["progress"],
                                pipeline=_stage(d["pipeline"]), stages=[_stage(s) for s in d["stages"]])

    # ---- transport -------------------------------------------------------------------------------------------------
    @staticmethod
    def _id(video_id: str) -> str:
        return urllib.parse.quote(video_id, safe="")

    def _request(self, method: str, path: str, query: Optional[Dict[str, Any]] = None,
                 body: Optional[Dict[str, Any]] = None) -> Dict[str, Any]:
        url = self.base_url + path + ("?" + urllib.parse.urlencode(query) if query else "")
        data = json.dumps(body).encode("utf-8") if body is not None else None
        request = urllib.request.Request(url, data=data, method=method)
        request.add_header("Accept", "application/json")
        if data is not None:
            request.add_header("Content-Type", "application/json")
        if self.api_key:
            request.add_header("Authorization", "Bearer " + self.api_key)
        if self.user_id:
            request.add_header("X-User-ID", self.user_id)
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                text = response.read().decode("utf-8")
                return json.loads(text) if text else {}
        except urllib.error.HTTPError as e:
            raise self._problem(e) from None
        except urllib.error.URLError as e:
            raise BriError(0, "about:blank", "unreachable", str(e.reason)) from None

    @staticmethod
    def _problem(e: urllib.error.HTTPError) -> BriError:
        try:
            p = json.loads(e.read().decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            p = {}
        retry = e.headers.get("Retry-After")
        return BriError(e.code, p.get("type", "about:blank"), p.get("title", e.reason or ""),
                        p.get("detail", ""), p.get("request_id"), p.get("errors"),
                        int(retry) if retry and retry.isdigit() else None)

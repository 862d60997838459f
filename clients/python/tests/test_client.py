"""The client against a running bri-context (BRI_URL; PythonClientIT starts the packaged service for it)."""

import os
import unittest
import uuid

from bri_client import BriClient, BriError


def caption(item_id, t, text):
    return {"id": item_id, "type": "caption", "start": t,
            "data": {"frame_timestamp": t, "text": text, "confidence": 0.9},
            "source": {"tool": "blip", "tool_version": "1.0"}}


def transcript(item_id, start, end, text):
    return {"id": item_id, "type": "transcript", "start": start, "end": end,
            "data": {"start": start, "end": end, "text": text, "confidence": 0.95},
            "source": {"tool": "whisper", "tool_version": "20231117"}}


class ClientTest(unittest.TestCase):

    @classmethod
    def setUpClass(cls):
        url = os.environ.get("BRI_URL")
        if not url:
            raise unittest.SkipTest("BRI_URL is not set: run through PythonClientIT (./mvnw verify)")
        cls.bri = BriClient(url, api_key=os.environ.get("BRI_API_KEY"), user_id="agent-test")

    def setUp(self):
        self.video = "vid-" + str(uuid.uuid4())
        self.bri.put_video(self.video, "demo.mp4", 120.5)

    def test_the_agents_four_calls(self):
        self.bri.ingest(self.video, [caption("c1", 2.0, "a person walking a dog"),
                                     transcript("t1", 0.0, 3.5, "Hello everyone")],
                        transcript={"full_text": "Hello everyone", "language": "en"})
        stored = self.bri.add_memory_pair(self.video, "What is the dog doing?", "Walking with a person.")
        self.assertEqual(["user", "assistant"], [t.role for t in stored])
        self.assertLess(stored[0].id, stored[1].id)

        context = self.bri.context(self.video, include_memory=True)
        self.assertEqual(self.video, context.video["id"])
        self.assertEqual(["c1"], [c["id"] for c in context.captions])
        self.assertEqual("Hello everyone", context.full_text)
        self.assertEqual("en", context.language)
        self.assertEqual(["What is the dog doing?", "Walking with a person."], [t.content for t in context.memory])

        recent = self.bri.recent_memory(self.video, limit=10)
        self.assertEqual(["user", "assistant"], [t.role for t in recent])

        hits = self.bri.search(self.video, "dog")
        self.assertEqual(["c1"], [h.id for h in hits.hits])
        self.assertIn("dog", hits.hits[0].snippet)

    def test_paging_back_through_history(self):
        for i in range(5):
            self.bri.add_memory_pair(self.video, f"q{i}", f"a{i}")
        seen = []
        page = self.bri.memory_page(self.video, limit=4, newest_first=True)
        while True:
            seen.extend(t.content for t in page.turns)
            if page.next_before is None:
                break
            page = self.bri.memory_page(self.video, limit=4, before=page.next_before, newest_first=True)
        self.assertEqual([c for i in reversed(range(5)) for c in (f"a{i}", f"q{i}")], seen)

    def test_problems_are_raised_with_their_fields(self):
        with self.assertRaises(BriError) as bad:
            self.bri.add_memory(self.video, [("user", "fine"), ("system", "")])
        self.assertEqual(400, bad.exception.status)
        self.assertTrue(bad.exception.request_id)
        self.assertEqual({"turns[1].role", "turns[1].content"}, {e["field"] for e in bad.exception.errors})
        self.assertEqual([], self.bri.recent_memory(self.video))
        with self.assertRaises(BriError) as missing:
            self.bri.context("vid-" + str(uuid.uuid4()))
        self.assertEqual(404, missing.exception.status)

    def test_pipeline_progress(self):
        progress = self.bri.pipeline(self.video)
        self.assertEqual("pending", progress.video_status)
        self.assertEqual(0.0, progress.progress)
        self.assertEqual("extracting", progress.stages[0].stage)


if __name__ == "__main__":
    unittest.main()

"""The 2023 German speaker-attribution task format (news track): reading, writing, predicting, scoring."""

"""A Rasa NLU component: a message that is nonsense to Spar (`coach.nonsense`) is classified `nlu_fallback`, whatever
DIET guessed, so it gets "Sorry, I didn't catch that" and the help buttons instead of a wrong answer.

It learns, when the model is trained, the words of every NLU example but `out_of_scope`, and keeps them with the model.
Inside a form the text still reaches the form (its slots map from the text, whatever the intent).
"""

from __future__ import annotations

import json
from typing import Any

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.constants import DEFAULT_NLU_FALLBACK_INTENT_NAME
from rasa.shared.nlu.constants import INTENT, INTENT_NAME_KEY, INTENT_RANKING_KEY, PREDICTED_CONFIDENCE_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from coach.nonsense import is_nonsense, vocabulary_of

VOCABULARY_FILE = "vocabulary.json"


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER, is_trainable=True)
class NonsenseGuard(GraphComponent, IntentClassifier):
    def __init__(self, model_storage: ModelStorage, resource: Resource, vocabulary: frozenset[str]) -> None:
        self._model_storage, self._resource, self.vocabulary = model_storage, resource, vocabulary

    @classmethod
    def create(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> NonsenseGuard:
        return cls(model_storage, resource, frozenset())

    @classmethod
    def load(
        cls,
        config: dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
        **kwargs: Any,
    ) -> NonsenseGuard:
        try:
            with model_storage.read_from(resource) as directory:
                words = json.loads((directory / VOCABULARY_FILE).read_text())
        except (ValueError, FileNotFoundError):
            words = []
        return cls(model_storage, resource, frozenset(words))

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m.get(TEXT) or "" for m in training_data.intent_examples if m.get(INTENT) != "out_of_scope"]
        self.vocabulary = vocabulary_of(examples)
        with self._model_storage.write_to(self._resource) as directory:
            (directory / VOCABULARY_FILE).write_text(json.dumps(sorted(self.vocabulary)))
        return self._resource

    def process(self, messages: list[Message]) -> list[Message]:
        for message in messages:
            if self.vocabulary and is_nonsense(message.get(TEXT) or "", self.vocabulary):
                fallback = {INTENT_NAME_KEY: DEFAULT_NLU_FALLBACK_INTENT_NAME, PREDICTED_CONFIDENCE_KEY: 1.0}
                message.data[INTENT] = fallback
                message.data.setdefault(INTENT_RANKING_KEY, [])
                message.data[INTENT_RANKING_KEY] = [fallback, *message.data[INTENT_RANKING_KEY]]
        return messages

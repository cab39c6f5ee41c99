"""The map layers are declared once: a fixed order, unique keys, nothing added or replaced
while the app runs."""

from __future__ import annotations

import dataclasses

import pytest

from dashboard.layers import LAYERS, layer, layers


def test_the_layers_keep_their_declared_order_and_the_first_is_the_default():
    assert list(layers()) == [lay.key for lay in LAYERS]
    assert list(layers())[:4] == ["incidents", "fatalities", "civilian_fatalities", "density"]
    assert layer("no such layer") is LAYERS[0] and layer(None) is LAYERS[0]
    assert layer("training").kind == "points"


def test_the_registry_cannot_be_changed():
    with pytest.raises(TypeError):
        layers()["extra"] = LAYERS[0]
    with pytest.raises(dataclasses.FrozenInstanceError):
        LAYERS[0].label = "changed"
    assert isinstance(LAYERS, tuple)

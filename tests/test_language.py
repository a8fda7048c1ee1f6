"""`Document.language`: stop words for the common Western languages, py3langid for the rest."""

from __future__ import annotations

import socket
from pathlib import Path

import numpy as np
import pytest

from wiretrace.extract import language

# samples written for this test (not taken from any corpus)
SAMPLES = {
    "ru": "Городской совет в понедельник утвердил новый бюджет на следующий год. Депутаты "
    "решили увеличить расходы на ремонт дорог и школ, а также на общественный транспорт.",
    "el": "Το δημοτικό συμβούλιο ενέκρινε τη Δευτέρα τον νέο προϋπολογισμό για το επόμενο "
    "έτος. Οι σύμβουλοι αποφάσισαν να αυξήσουν τις δαπάνες για τους δρόμους και τα σχολεία.",
    "en": "The city council approved the new budget for next year on Monday. Members voted "
    "to spend more on the repair of roads and schools and on public transport.",
    "fr": "Le conseil municipal a adopté lundi le nouveau budget pour l'année prochaine. Les "
    "élus ont décidé d'augmenter les dépenses pour les routes, les écoles et les transports.",
    "de": "Der Stadtrat hat am Montag den neuen Haushalt für das kommende Jahr beschlossen. "
    "Die Mitglieder wollen mehr Geld für Straßen, Schulen und den Nahverkehr ausgeben.",
}


@pytest.mark.parametrize(("lang", "text"), sorted(SAMPLES.items()))
def test_each_sample_gets_its_language(lang: str, text: str) -> None:
    assert language.detect_language(text) == lang


@pytest.mark.parametrize(("lang", "text"), sorted(SAMPLES.items()))
def test_the_identifier_alone_agrees(lang: str, text: str) -> None:
    assert language.identify_language(text) == lang


def test_cyrillic_and_greek_were_unknown_to_the_stop_words() -> None:
    # what the identifier adds: the stop-word lists name no language here
    assert language.guess_language(SAMPLES["ru"]) is None
    assert language.guess_language(SAMPLES["el"]) is None


def test_no_letters_no_language() -> None:
    assert language.detect_language("") is None
    assert language.detect_language("1 2 3 4 5 6 7 8 9 10 11 12 — 2024-05-01") is None
    assert language.detect_language("Mr. Smith") is None


def test_the_model_loads_without_the_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise OSError("no network in this test")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(language, "_IDENTIFIER", None)
    assert language.identify_language(SAMPLES["ru"]) == "ru"


def test_only_the_sample_is_read() -> None:
    # a long Russian page with English appended beyond the sample is still Russian
    text = SAMPLES["ru"] * 4 + " " + SAMPLES["en"] * 50
    assert len(SAMPLES["ru"] * 4) > language.SAMPLE_CHARS
    assert language.identify_language(text) == "ru"


def test_the_unpacked_model_is_the_shipped_one(tmp_path: Path) -> None:
    """The identifier loaded from the copy kept unpacked (written by the first load) holds
    the shipped model's very arrays and names the same languages; with a cache folder that
    cannot be made, the shipped model serves."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from wiretrace.extract.langid_model import load_identifier

    shipped = LanguageIdentifier.from_model_file(MODEL_FILE)
    first = load_identifier(tmp_path)
    (written,) = tmp_path.iterdir()
    assert sorted(p.name for p in written.iterdir()) == sorted(
        f"{n}.npy" for n in ("ptc", "pc", "classes", "nextmove", "row", "output")
    )
    blocked = tmp_path / "a file"
    blocked.write_text("not a folder")
    for model in (first, load_identifier(tmp_path), load_identifier(blocked)):
        assert np.array_equal(model.nb_ptc, shipped.nb_ptc)
        assert np.array_equal(model.nb_pc, shipped.nb_pc)
        assert model.nb_classes == shipped.nb_classes
        assert model.tk_nextmove == shipped.tk_nextmove
        assert model.tk_nextmove.typecode == shipped.tk_nextmove.typecode
        assert model.tk_row == shipped.tk_row and model.tk_output == shipped.tk_output
        for text in SAMPLES.values():
            assert model.classify(text) == shipped.classify(text)
    assert not any(p.name.startswith(".langid-") for p in tmp_path.iterdir())

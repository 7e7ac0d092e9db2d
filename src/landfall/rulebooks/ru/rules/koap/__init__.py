"""Administrative Code fines: the general part (arts. 1.7, 4.1, 4.3-4.6, 20.25, 31.9, 32.2) as
small rules over the sanction parameters; importing the package registers them."""

from landfall.rulebooks.ru.rules.koap import exposure, fine, limitation, reading

__all__ = ["exposure", "fine", "limitation", "reading"]

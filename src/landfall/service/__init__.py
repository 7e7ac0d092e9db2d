"""The service layer between the domain and the faces (API, dashboard, reports, CLI).

``portal`` scopes the ledger's picture to a role and assesses it, ``board`` is the board's
read model, and ``evidence`` joins the evidence collectors to the ledger and the engine. The
faces import these modules, never each other.
"""

"""The articles the rules apply, by name, so that a rule reads like the law it encodes."""

from __future__ import annotations

from csto.law.texts import ArticleRef

# the Collective Security Treaty of 1992
CST = "CST-1992"
CST_1 = ArticleRef(CST, "1")
CST_2 = ArticleRef(CST, "2")
CST_3 = ArticleRef(CST, "3")
CST_4 = ArticleRef(CST, "4")
CST_6 = ArticleRef(CST, "6")
CST_10 = ArticleRef(CST, "10")
CST_11 = ArticleRef(CST, "11")

# the Charter of 2002 and its amendments
CHARTER = "CHARTER-2002"
CH_7 = ArticleRef(CHARTER, "7")
CH_DECISIONS = ArticleRef(CHARTER, "unnumbered:decision-making")
CH_13 = ArticleRef(CHARTER, "13")
CH_BODIES = ArticleRef(CHARTER, "unnumbered:cfm-cdm-cssc")
CH_SG = ArticleRef(CHARTER, "unnumbered:secretary-general-secretariat-joint-staff")
CH_19 = ArticleRef(CHARTER, "19")
CH_SUSPENSION = ArticleRef(CHARTER, "unnumbered:suspension-expulsion")
CH_21 = ArticleRef(CHARTER, "21")
CH_PARTNERS = ArticleRef("CHARTER-PROTOCOL-2018-3", "unnumbered:partner-status")

CH_2 = ArticleRef(CHARTER, "2")
CH_ARREARS = ArticleRef(CHARTER, "unnumbered:arrears")

# the Council's decision of 2015 on rotating the Secretary-General's post
ROTATION_2015 = ArticleRef("CSC-DECISION-ROTATION-2015", "unnumbered:secretary-general-rotation")

# the general law of treaties (Vienna Convention, 1969)
VCLT = "VCLT-1969"
VCLT_60 = ArticleRef(VCLT, "60")
VCLT_62 = ArticleRef(VCLT, "62")
VCLT_65 = ArticleRef(VCLT, "65")
VCLT_78 = ArticleRef(VCLT, "78")

# the 2011 Protocol on placing non-members' military infrastructure (entry into force not found)
BASES = "BASES-PROTOCOL-2011"
BASES_1 = ArticleRef(BASES, "1")

# the Rules of Procedure and the agreements on forces
RULES_13_1 = ArticleRef("RULES-2004", "13(1)")
PK_3 = ArticleRef("PEACEKEEPING-AGREEMENT-2007", "3")
PK_COMPOSITION = ArticleRef("PEACEKEEPING-AGREEMENT-2007", "unnumbered:composition")
CRRF_TASKS = ArticleRef("CRRF-AGREEMENT-2009", "unnumbered:tasks")
CRRF_1 = ArticleRef("CRRF-AGREEMENT-2009", "1")

"""The words synthetic reports are made of: names, accounts, statuses, phrases."""

from __future__ import annotations

from kb.domain import dates

# Kinds and their weights, roughly as in a CRS In Focus.
KIND_WEIGHTS: dict[str, int] = {
    "program": 3,
    "phase": 3,
    "appropriation": 30,
    "designation": 3,
    "event": 25,
    "measure": 12,
    "condition": 12,
    "indicator": 12,
}
KINDS = list(KIND_WEIGHTS)
WEIGHTS = list(KIND_WEIGHTS.values())

MONTHS = dates.MONTHS

ADJ = [
    "Border",
    "Bicentennial",
    "Mérida",
    "Northern",
    "Southern",
    "Joint",
    "Binational",
    "Regional",
    "Judicial",
    "Maritime",
    "Coastal",
    "Andean",
    "Central American",
    "Caribbean",
    "Hemispheric",
]
NOUN = [
    "Security",
    "Resilience",
    "Rule of Law",
    "Justice",
    "Prevention",
    "Interdiction",
    "Partnership",
    "Governance",
    "Citizen Security",
    "Counternarcotics",
]
PROGRAM = ["Initiative", "Framework", "Program", "Strategy", "Compact"]
ACCOUNTS = ["INCLE", "ESF", "FMF", "IMET", "NADR", "DA", "ESF+INCLE", "GHP", "INCLE+FMF"]
RECIPIENTS = ["Mexico"] * 8 + ["global", "Central America", "Colombia"]
STATUSES = [
    "appropriated",
    "appropriated",
    "appropriated",
    "requested",
    "requested",
    "estimated",
    "reported",
    "allocated",
    "obligated",
    "house_passed",
    "senate_passed",
    "committee_reported",
]
STATUS_PHRASE = {
    "appropriated": "Congress appropriated",
    "allocated": "the State Department allocated",
    "obligated": "U.S. agencies obligated",
    "requested": "the Administration requested",
    "estimated": "the State Department estimated",
    "reported": "the State Department reported",
    "house_passed": "the House-passed bill would provide",
    "senate_passed": "the Senate-passed bill would provide",
    "committee_reported": "the committee-reported bill would provide",
}
QUALIFIERS = ["exact"] * 10 + ["more_than", "about", "nearly", "at_least", "up_to"]
QUALIFIER_PHRASE = {
    "exact": "",
    "more_than": "more than ",
    "about": "some ",
    "nearly": "nearly ",
    "at_least": "not less than ",
    "up_to": "up to ",
    "less_than": "less than ",
    "average_per_year": "an average of ",
}
PURPOSES = [
    "border security",
    "judicial reform",
    "police professionalization",
    "counternarcotics efforts",
    "forensic laboratories",
    "firearms trafficking investigations",
    "drug demand reduction",
    "human rights training",
    "port and rail inspection equipment",
    "anti-money-laundering programs",
    "community violence prevention",
    "prison accreditation",
]
GROUPS = [
    "Sinaloa Cartel",
    "Cártel de Jalisco Nueva Generación",
    "Gulf Cartel",
    "Cárteles Unidos",
    "La Nueva Familia Michoacana",
    "Los Zetas",
    "Tren de Aragua",
    "MS-13",
    "Beltrán Leyva Organization",
    "Juárez Cartel",
]
AGENCIES = ["State Department", "Treasury Department", "Department of Justice"]
DESIGNATION_TYPES = ["FTO", "SDGT", "TCO", "Kingpin Act"]
ACTORS = [
    "United States",
    "Mexico",
    "Department of Homeland Security",
    "State Department",
    "Department of Justice",
    "Mexico’s Attorney General",
    "Mexico’s National Guard",
    "U.S. Customs and Border Protection",
    "the White House",
    "Mexico’s Security Cabinet",
]
EVENT_VERBS = [
    ("dialogue", "held a high-level security dialogue on"),
    ("agreement", "signed an agreement on"),
    ("extradition", "extradited suspects wanted for"),
    ("arrest", "announced arrests linked to"),
    ("policy", "announced a new policy on"),
    ("tariff", "threatened tariffs over"),
    ("legislation", "enacted legislation on"),
]
TOPICS = [
    "fentanyl trafficking",
    "firearms smuggling",
    "migration enforcement",
    "precursor chemicals",
    "money laundering",
    "cartel violence",
    "extraditions",
    "border infrastructure",
    "judicial cooperation",
    "port security",
]
CITIES = [
    "Mexico City",
    "Washington, DC",
    "Monterrey",
    "Tijuana",
    "Ciudad Juárez",
    "El Paso",
    "Guadalajara",
]
INDICATORS = [
    ("U.S. drug overdose deaths", "deaths", "United States"),
    ("homicides", "people", "Mexico"),
    ("the homicide rate", "per 100,000 people", "Mexico"),
    ("fentanyl seizures at the border", "pounds", "United States"),
    ("methamphetamine seizures", "kilograms", "Mexico"),
    ("disappearances", "people", "Mexico"),
    ("troops deployed to the border", "troops", "Mexico"),
    ("extraditions to the United States", "people", "Mexico"),
    ("the share of overdose deaths linked to fentanyl", "percent", "United States"),
]
CONDITIONED = [
    "Mexico is taking steps to prevent torture",
    "Mexico is investigating and prosecuting forced disappearances",
    "the funds are used for border security programs",
    "Mexico is enforcing its laws against precursor chemicals",
    "police reform benchmarks have been met",
    "the assistance is not provided to units credibly implicated in abuses",
]
DEADLINES = [None, None, "60 days after enactment", "90 days after enactment", "annually"]
STAGES = [
    ("law", "P.L.", "enacted", "became law"),
    ("bill", "H.R.", "house_passed", "passed the House"),
    ("bill", "S.", "senate_introduced", "was introduced in the Senate"),
    ("bill", "H.R.", "house_introduced", "was introduced in the House"),
    ("committee_report", "S.Rept.", "committee_reported", "was reported by committee"),
    ("committee_report", "H.Rept.", "committee_reported", "was reported by committee"),
]
MEASURE_TITLES = [
    "Consolidated Appropriations Act",
    "Further Consolidated Appropriations Act",
    "Department of State, Foreign Operations, and Related Programs Appropriations Act",
    "National Defense Authorization Act",
    "Fentanyl Sanctions Act",
    "Stop Fentanyl at the Border Act",
    "Combating Cartels on Social Media Act",
]
TITLES = [
    "U.S.-Mexico Security Cooperation",
    "Evolution of U.S.-Mexico Security Cooperation",
    "Mexico: Organized Crime and Drug Trafficking Organizations",
    "U.S. Security Assistance to Mexico",
    "Mexico: Evolution of the Mérida Initiative",
]
AUTHORS = [
    ("Clare Ribando Seelke", "Specialist in Latin American Affairs"),
    ("June S. Beittel", "Analyst in Latin American Affairs"),
    ("Peter J. Meyer", "Specialist in Latin American and Canadian Affairs"),
    ("Liana W. Rosen", "Specialist in International Crime and Narcotics"),
]


def money(amount: int) -> str:
    if amount >= 1_000_000_000:
        return f"${amount / 1_000_000_000:.2f} billion".replace(".00 ", " ")
    if amount >= 1_000_000:
        text = f"{amount / 1_000_000:.1f}"
        return f"${text.removesuffix('.0')} million"
    return f"${amount:,}"


date_words = dates.in_words


def fy_words(start: int, end: int) -> str:
    return f"FY{start}" if start == end else f"FY{start}-FY{end}"

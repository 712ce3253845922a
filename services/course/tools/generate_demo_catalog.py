#!/usr/bin/env python3
"""Writes src/main/resources/demo/catalog.ndjson: the demo catalog that DemoCatalogImporter streams through
ImportCatalog. One ImportCatalogRequest per line, in proto JSON: terms, then courses, sections and modules.

The output is committed; run this only to change the demo data (deterministic: same input, same file):
    python3 services/course/tools/generate_demo_catalog.py
"""
import json
import pathlib
import random

TERMS = [
    ("2026S", "Summer 2026", (2026, 5, 11), (2026, 8, 14), "TERM_STATE_CLOSED"),
    ("2026W1", "Winter 2026 Term 1", (2026, 9, 8), (2026, 12, 18), "TERM_STATE_CLOSED"),
    ("2026W2", "Winter 2026 Term 2", (2027, 1, 5), (2027, 4, 23), "TERM_STATE_OPEN"),
    ("2027S", "Summer 2027", (2027, 5, 10), (2027, 8, 13), "TERM_STATE_OPEN"),
]

# department code -> (name, [(number, title, credits, topics)])
DEPARTMENTS = {
    "CPSC": ("Computer Science", [
        ("100", "Computational Thinking", 3, ["abstraction and decomposition", "algorithms in everyday life", "representing data", "limits of computation"]),
        ("110", "Introduction to Systematic Program Design", 4, ["data definitions and design recipes", "recursion on lists and trees", "functional abstraction", "testing and debugging"]),
        ("121", "Models of Computation", 4, ["propositional and predicate logic", "sets, relations and functions", "proof techniques", "finite automata"]),
        ("210", "Software Construction", 4, ["object-oriented design", "specifications and contracts", "unit testing", "design patterns"]),
        ("213", "Introduction to Computer Systems", 4, ["machine representation of data", "assembly language", "the memory hierarchy", "processes and threads"]),
        ("221", "Introduction to Algorithms and Data Structures", 4, ["asymptotic analysis", "balanced search trees", "hashing", "graph algorithms and sorting"]),
        ("304", "Introduction to Relational Databases", 3, ["the relational model", "SQL queries", "normalization", "transactions and concurrency"]),
        ("310", "Introduction to Software Engineering", 4, ["requirements and user stories", "agile development processes", "software architecture", "working in a team project"]),
        ("313", "Computer Hardware and Operating Systems", 3, ["virtual memory", "CPU scheduling", "file systems", "synchronization and concurrency"]),
        ("317", "Internet Computing", 3, ["network protocols", "socket programming", "routing and congestion control", "web services"]),
        ("320", "Intermediate Algorithm Design and Analysis", 3, ["greedy algorithms", "divide and conquer", "dynamic programming", "NP-completeness"]),
        ("322", "Introduction to Artificial Intelligence", 3, ["search and heuristics", "constraint satisfaction", "planning", "reasoning under uncertainty"]),
        ("340", "Machine Learning and Data Mining", 3, ["supervised learning", "clustering and density estimation", "linear models and regularization", "neural networks"]),
        ("344", "Introduction to Human Computer Interaction Methods", 3, ["user-centred design", "prototyping", "usability evaluation", "accessibility"]),
        ("416", "Distributed Systems", 3, ["time and clocks", "replication and consistency", "consensus protocols", "fault tolerance"]),
    ]),
    "MATH": ("Mathematics", [
        ("100", "Differential Calculus with Applications", 3, ["limits and continuity", "derivatives and their rules", "optimization", "related rates and approximation"]),
        ("101", "Integral Calculus with Applications", 3, ["the definite integral", "techniques of integration", "sequences and series", "first differential equations"]),
        ("200", "Calculus III", 3, ["functions of several variables", "partial derivatives", "multiple integrals", "Lagrange multipliers"]),
        ("215", "Elementary Differential Equations", 3, ["first-order equations", "linear systems", "the Laplace transform", "stability of equilibria"]),
        ("220", "Mathematical Proof", 3, ["logic and quantifiers", "mathematical induction", "sets and functions", "cardinality"]),
        ("221", "Matrix Algebra", 3, ["systems of linear equations", "vector spaces", "eigenvalues and eigenvectors", "orthogonality and least squares"]),
        ("223", "Linear Algebra", 3, ["abstract vector spaces", "linear maps", "inner product spaces", "the spectral theorem"]),
        ("300", "Introduction to Complex Variables", 3, ["analytic functions", "contour integration", "residues", "conformal mappings"]),
        ("302", "Introduction to Probability", 3, ["probability spaces", "random variables", "expectation and variance", "limit theorems"]),
        ("312", "Introduction to Number Theory", 3, ["divisibility and primes", "congruences", "arithmetic functions", "quadratic reciprocity"]),
        ("317", "Calculus IV", 3, ["line integrals", "surface integrals", "Green's and Stokes' theorems", "the divergence theorem"]),
        ("320", "Real Analysis I", 3, ["the real numbers", "sequences and series", "continuity", "differentiation"]),
        ("322", "Introduction to Group Theory", 3, ["groups and subgroups", "homomorphisms", "group actions", "the Sylow theorems"]),
        ("340", "Introduction to Linear Programming", 3, ["the simplex method", "duality", "network flows", "integer programming"]),
        ("342", "Algebra and Coding Theory", 3, ["finite fields", "linear codes", "error correction", "public-key cryptography"]),
    ]),
    "STAT": ("Statistics", [
        ("200", "Elementary Statistics for Applications", 3, ["describing data", "sampling distributions", "confidence intervals", "hypothesis testing"]),
        ("201", "Statistical Inference for Data Science", 3, ["estimation", "the bootstrap", "tests of hypotheses", "simple regression"]),
        ("251", "Statistics for the Life Sciences", 3, ["study design", "comparing groups", "contingency tables", "correlation"]),
        ("300", "Intermediate Statistics for Applications", 3, ["analysis of variance", "multiple regression", "nonparametric methods", "categorical data"]),
        ("301", "Statistical Modelling for Data Science", 3, ["generalized linear models", "model selection", "interactions", "prediction"]),
        ("302", "Probability for Statistics", 3, ["discrete distributions", "continuous distributions", "joint distributions", "moment generating functions"]),
        ("305", "Introduction to Statistical Inference", 3, ["likelihood", "sufficiency", "interval estimation", "Bayesian inference"]),
        ("306", "Finding Relationships in Data", 3, ["multivariate data", "principal components", "cluster analysis", "classification"]),
        ("321", "Forecasting and Time Series", 3, ["trend and seasonality", "autocorrelation", "ARIMA models", "exponential smoothing"]),
        ("344", "Sample Surveys", 3, ["survey design", "stratified sampling", "cluster sampling", "nonresponse"]),
        ("404", "Design and Analysis of Experiments", 3, ["randomization", "blocking", "factorial designs", "response surfaces"]),
        ("406", "Methods for Statistical Learning", 3, ["regression and classification trees", "boosting", "regularization", "cross-validation"]),
        ("447", "Bayesian Statistics", 3, ["prior distributions", "posterior computation", "Markov chain Monte Carlo", "hierarchical models"]),
        ("450", "Statistical Theory", 3, ["convergence of random variables", "asymptotic efficiency", "decision theory", "minimax estimation"]),
        ("460", "Statistical Computing", 3, ["random number generation", "numerical optimization", "the EM algorithm", "reproducible workflows"]),
    ]),
    "PHYS": ("Physics", [
        ("100", "Introductory Physics", 3, ["kinematics", "forces and Newton's laws", "energy", "waves and sound"]),
        ("117", "Dynamics and Waves", 3, ["motion in two dimensions", "momentum and collisions", "oscillations", "travelling waves"]),
        ("118", "Electricity, Light and Radiation", 3, ["electric circuits", "electromagnetic waves", "geometric optics", "ionizing radiation"]),
        ("119", "Experimental Physics Laboratory", 1, ["measurement", "uncertainty", "fitting models to data", "writing lab reports"]),
        ("200", "Relativity and Quanta", 3, ["special relativity", "photons", "wave-particle duality", "atomic structure"]),
        ("203", "Thermodynamics", 3, ["temperature and heat", "the laws of thermodynamics", "entropy", "introductory statistical mechanics"]),
        ("216", "Introduction to Theoretical Physics", 3, ["variational principles", "Lagrangian mechanics", "Hamiltonian mechanics", "coupled oscillators"]),
        ("250", "Physics of Energy and the Environment", 3, ["energy resources", "heat engines", "solar and wind power", "nuclear energy"]),
        ("301", "Electricity and Magnetism", 3, ["electrostatics", "magnetostatics", "Maxwell's equations", "electromagnetic waves in matter"]),
        ("304", "Introduction to Quantum Mechanics", 3, ["the Schrodinger equation", "potential wells", "angular momentum", "spin"]),
        ("309", "Advanced Physics Laboratory", 3, ["experiment design", "signal processing", "vacuum and cryogenic techniques", "scientific communication"]),
        ("312", "Mathematical Physics", 3, ["Fourier analysis", "special functions", "partial differential equations", "Green's functions"]),
        ("333", "Climate and Energy", 3, ["the radiation balance", "the greenhouse effect", "climate feedbacks", "energy transitions"]),
        ("348", "Fluid Mechanics", 3, ["fluid statics", "conservation laws", "viscous flow", "turbulence"]),
        ("350", "Solid State Physics", 3, ["crystal structure", "lattice vibrations", "electrons in solids", "semiconductors"]),
    ]),
    "CHEM": ("Chemistry", [
        ("111", "Structure, Bonding and Equilibrium", 4, ["atomic structure", "chemical bonding", "intermolecular forces", "chemical equilibrium"]),
        ("121", "Structure and Bonding in Chemistry", 4, ["quantum model of the atom", "molecular orbitals", "Lewis structures", "periodic trends"]),
        ("123", "Physical and Organic Chemistry", 4, ["thermochemistry", "reaction rates", "functional groups", "stereochemistry"]),
        ("201", "Introduction to Physical Chemistry", 3, ["gas laws", "thermodynamics", "phase equilibria", "electrochemistry"]),
        ("211", "Introduction to Analytical Chemistry", 4, ["statistics for chemists", "titrations", "spectrophotometry", "chromatography"]),
        ("213", "Organic Chemistry", 4, ["alkanes and cycloalkanes", "substitution and elimination", "alkenes and alkynes", "spectroscopy of organic compounds"]),
        ("233", "Organic Chemistry for the Biological Sciences", 3, ["carbonyl chemistry", "amino acids and proteins", "carbohydrates", "nucleic acids"]),
        ("235", "Organic Chemistry Laboratory", 2, ["laboratory safety", "separation techniques", "synthesis", "characterization"]),
        ("250", "Introduction to Inorganic Chemistry", 3, ["coordination compounds", "crystal field theory", "main group elements", "bioinorganic chemistry"]),
        ("301", "Chemical Kinetics", 3, ["rate laws", "reaction mechanisms", "catalysis", "transition state theory"]),
        ("304", "Quantum Chemistry and Spectroscopy", 3, ["the harmonic oscillator", "the hydrogen atom", "rotational spectroscopy", "vibrational spectroscopy"]),
        ("311", "Instrumental Analysis", 3, ["mass spectrometry", "electroanalytical methods", "atomic spectroscopy", "sample preparation"]),
        ("330", "Bioorganic Chemistry", 3, ["enzyme mechanisms", "cofactors", "biosynthesis", "drug design"]),
        ("341", "Environmental Chemistry", 3, ["atmospheric chemistry", "water chemistry", "soil chemistry", "pollutants and toxicology"]),
        ("345", "Polymer Chemistry", 3, ["polymerization reactions", "molecular weight", "polymer properties", "materials applications"]),
    ]),
    "BIOL": ("Biology", [
        ("111", "Introduction to Modern Biology", 3, ["the scientific method in biology", "cells and energy", "inheritance", "ecosystems"]),
        ("112", "Biology of the Cell", 3, ["membranes", "cellular respiration", "the cell cycle", "gene expression"]),
        ("121", "Genetics, Evolution and Ecology", 3, ["Mendelian genetics", "natural selection", "population growth", "species interactions"]),
        ("200", "Fundamentals of Cell Biology", 3, ["protein structure", "membrane transport", "cell signalling", "the cytoskeleton"]),
        ("201", "Introduction to Biochemistry", 3, ["enzymes", "metabolism", "bioenergetics", "macromolecules"]),
        ("230", "Fundamentals of Ecology", 3, ["populations", "communities", "ecosystem energetics", "biogeography"]),
        ("234", "Fundamentals of Genetics", 3, ["chromosomes and meiosis", "linkage and mapping", "mutation", "quantitative genetics"]),
        ("260", "Fundamentals of Physiology", 3, ["homeostasis", "the nervous system", "circulation and respiration", "endocrine control"]),
        ("300", "Fundamentals of Biostatistics", 3, ["experimental design", "analysis of variance", "regression in biology", "frequency data"]),
        ("327", "Principles of Evolution", 3, ["genetic drift", "adaptation", "speciation", "phylogenetics"]),
        ("335", "Molecular Genetics", 3, ["DNA replication", "transcription", "regulation of gene expression", "genome editing"]),
        ("340", "Introduction to Microbiology", 3, ["bacterial structure", "microbial growth", "microbial genetics", "microbes and disease"]),
        ("352", "Plant Biology", 3, ["plant structure", "photosynthesis", "plant hormones", "plant reproduction"]),
        ("361", "Animal Physiology", 3, ["muscle", "osmoregulation", "thermoregulation", "sensory systems"]),
        ("402", "Conservation Biology", 3, ["biodiversity", "habitat loss", "population viability", "protected areas"]),
    ]),
    "ECON": ("Economics", [
        ("101", "Principles of Microeconomics", 3, ["supply and demand", "consumer choice", "firms and markets", "market failure"]),
        ("102", "Principles of Macroeconomics", 3, ["national accounts", "unemployment and inflation", "monetary policy", "fiscal policy"]),
        ("221", "Introduction to Strategic Thinking", 3, ["simultaneous games", "sequential games", "bargaining", "auctions"]),
        ("301", "Intermediate Microeconomic Analysis", 3, ["preferences and utility", "production and cost", "general equilibrium", "welfare"]),
        ("302", "Intermediate Macroeconomic Analysis", 3, ["growth models", "business cycles", "consumption and saving", "open economies"]),
        ("307", "Economics of Development", 3, ["poverty and inequality", "institutions", "human capital", "foreign aid"]),
        ("318", "History of Economic Thought", 3, ["classical economists", "the marginal revolution", "Keynes", "modern schools"]),
        ("325", "Introduction to Empirical Economics", 3, ["regression analysis", "causal inference", "instrumental variables", "panel data"]),
        ("335", "Public Economics", 3, ["public goods", "externalities", "taxation", "social insurance"]),
        ("339", "Environmental Economics", 3, ["valuing the environment", "pollution control", "climate policy", "natural resources"]),
        ("345", "Money and Banking", 3, ["the banking system", "central banks", "interest rates", "financial crises"]),
        ("355", "International Trade", 3, ["comparative advantage", "trade models", "tariffs and quotas", "trade agreements"]),
        ("356", "International Finance", 3, ["exchange rates", "the balance of payments", "currency crises", "monetary unions"]),
        ("371", "Labour Economics", 3, ["labour supply", "labour demand", "wage determination", "discrimination"]),
        ("421", "Behavioural Economics", 3, ["bounded rationality", "prospect theory", "time inconsistency", "social preferences"]),
    ]),
    "PSYC": ("Psychology", [
        ("101", "Introduction to Biological and Cognitive Psychology", 3, ["neurons and the brain", "sensation and perception", "learning", "memory"]),
        ("102", "Introduction to Developmental, Social and Clinical Psychology", 3, ["development across the lifespan", "social influence", "personality", "psychological disorders"]),
        ("217", "Research Methods in Psychology", 3, ["the scientific method", "experimental design", "measurement", "research ethics"]),
        ("218", "Analysis of Behavioural Data", 3, ["descriptive statistics", "t-tests", "correlation and regression", "analysis of variance"]),
        ("300", "Behaviour Disorders", 3, ["classification of disorders", "anxiety disorders", "mood disorders", "treatment approaches"]),
        ("301", "Brain and Behaviour", 3, ["neuroanatomy", "neurotransmitters", "brain plasticity", "sleep and emotion"]),
        ("302", "Infancy", 3, ["prenatal development", "perception in infants", "attachment", "early language"]),
        ("304", "Sensation and Perception", 3, ["vision", "hearing", "touch and pain", "attention"]),
        ("307", "Cultural Psychology", 3, ["culture and self", "culture and cognition", "emotion across cultures", "acculturation"]),
        ("309", "Cognitive Processes", 3, ["attention", "working memory", "problem solving", "decision making"]),
        ("314", "Health Psychology", 3, ["stress and coping", "health behaviour", "chronic illness", "pain"]),
        ("320", "Psychology of Gender", 3, ["gender development", "stereotypes", "gender and relationships", "gender and work"]),
        ("321", "Environmental Psychology", 3, ["perception of environments", "crowding", "restorative environments", "sustainable behaviour"]),
        ("333", "Learning and Memory", 3, ["classical conditioning", "operant conditioning", "memory systems", "forgetting"]),
        ("360", "Social Psychology", 3, ["attitudes", "persuasion", "group processes", "prejudice"]),
    ]),
    "ENGL": ("English", [
        ("100", "Reading and Writing about Language and Literature", 3, ["close reading", "building an argument", "research and citation", "revision"]),
        ("110", "Approaches to Literature", 3, ["poetry", "short fiction", "drama", "literary interpretation"]),
        ("211", "Introduction to Rhetoric", 3, ["rhetorical situation", "persuasive appeals", "style", "public discourse"]),
        ("220", "Shakespeare", 3, ["the comedies", "the histories", "the tragedies", "the romances"]),
        ("221", "Literature in English to 1800", 3, ["medieval literature", "Renaissance poetry", "Restoration drama", "the early novel"]),
        ("224", "Studies in Poetry", 3, ["form and meter", "the lyric", "the sonnet", "free verse"]),
        ("225", "The Novel", 3, ["narrative voice", "realism", "the modern novel", "contemporary fiction"]),
        ("227", "Studies in Drama", 3, ["tragedy", "comedy", "modern drama", "performance"]),
        ("229", "Science Fiction", 3, ["origins of the genre", "utopias and dystopias", "space and time", "artificial minds"]),
        ("301", "Technical Writing", 3, ["audience analysis", "instructions and procedures", "reports and proposals", "document design"]),
        ("310", "Creative Nonfiction", 3, ["memoir", "the personal essay", "literary journalism", "workshop practice"]),
        ("329", "Romantic Poetry", 3, ["Wordsworth and Coleridge", "Byron", "Shelley and Keats", "Romantic women poets"]),
        ("344", "Canadian Literature", 3, ["early Canadian writing", "Indigenous literatures", "regional voices", "contemporary Canadian fiction"]),
        ("365", "Modernism", 3, ["the modernist moment", "stream of consciousness", "modernist poetry", "modernism and war"]),
        ("370", "Children's Literature", 3, ["picture books", "fairy tales", "the school story", "young adult fiction"]),
    ]),
    "HIST": ("History", [
        ("101", "World History to 1500", 3, ["early civilizations", "classical empires", "the spread of religions", "trade networks"]),
        ("102", "World History since 1500", 3, ["global encounters", "revolutions", "industrialization", "decolonization"]),
        ("104", "Topics in Global History: Empires", 3, ["what makes an empire", "maritime empires", "land empires", "the end of empire"]),
        ("220", "History of Europe", 3, ["the Reformation", "absolutism and enlightenment", "nationalism", "the world wars"]),
        ("235", "History of Canada: Confederation to the Present", 3, ["Confederation", "the First World War", "the welfare state", "Quebec and national unity"]),
        ("240", "History of Science", 3, ["the scientific revolution", "natural history", "the rise of physics", "science and society"]),
        ("259", "History of the Modern Middle East", 3, ["the Ottoman Empire", "the mandate era", "oil and politics", "contemporary conflicts"]),
        ("270", "Colonial Latin America", 3, ["Indigenous societies", "conquest", "colonial economies", "independence movements"]),
        ("302", "The Ancient Mediterranean", 3, ["Greek city-states", "Hellenistic kingdoms", "the Roman Republic", "the Roman Empire"]),
        ("305", "History of Medicine", 3, ["ancient medicine", "hospitals", "germ theory", "public health"]),
        ("319", "The Cold War", 3, ["origins", "nuclear arms race", "proxy wars", "the collapse of the Soviet Union"]),
        ("320", "The French Revolution", 3, ["the old regime", "1789", "the Terror", "Napoleon"]),
        ("338", "The Industrial Revolution", 3, ["the factory system", "steam and coal", "urbanization", "labour movements"]),
        ("350", "Environmental History", 3, ["humans and landscapes", "agriculture", "conservation movements", "climate history"]),
        ("380", "History of Japan", 3, ["Tokugawa Japan", "the Meiji Restoration", "empire and war", "postwar Japan"]),
    ]),
}

OPENERS = [
    "Introduces {a}, then {b}.",
    "Develops a working knowledge of {a}, followed by {b}.",
    "Begins with {a} and moves on to {b}.",
    "Explores {a} and {b} through examples drawn from {d}.",
    "Starts from {a}; the following weeks cover {b}.",
]
BUILDINGS = ["Buchanan", "Chemistry", "Hennings", "ICICS", "Forestry", "Henry Angus", "Wesbrook", "Biological Sciences",
             "Mathematics", "Life Sciences"]
SCHEDULES = ["Mon Wed Fri 09:00-10:00", "Mon Wed Fri 10:00-11:00", "Mon Wed Fri 13:00-14:00",
             "Tue Thu 09:30-11:00", "Tue Thu 12:30-14:00", "Tue Thu 15:30-17:00", "Mon Wed 16:00-17:30"]
LESSON_KINDS = [("key ideas", 45), ("worked examples", 50), ("practice and review", 40), ("case study", 35)]


def describe(title, topics, department_name, level, rng):
    opener = rng.choice(OPENERS).format(a=topics[0], b=topics[1], d=department_name.lower())
    later = f"Later weeks turn to {topics[2]}, and the course closes with {topics[3]}."
    audience = {
        1: "No prior university coursework in the subject is assumed.",
        2: "Builds on first-year foundations.",
        3: "For students who have completed the second-year core.",
        4: "An advanced course for upper-year students.",
    }[level]
    return f"{opener} {later} {audience}"


def main():
    rng = random.Random(310)
    lines = []
    for code, name, start, end, state in TERMS:
        lines.append({"term": {"code": code, "name": name,
                               "startDate": {"year": start[0], "month": start[1], "day": start[2]},
                               "endDate": {"year": end[0], "month": end[1], "day": end[2]},
                               "state": state}})
    courses = []
    for department, (department_name, entries) in DEPARTMENTS.items():
        for number, title, credits, topics in entries:
            code = f"{department} {number}"
            level = int(number[0])
            courses.append((code, topics, level))
            lines.append({"course": {"code": code, "title": title,
                                     "description": describe(title, topics, department_name, level, rng),
                                     "credits": credits, "departmentName": department_name}})
    for code, topics, level in courses:
        offered = [t for t in TERMS if rng.random() < (0.9 if level == 1 else 0.6)] or [TERMS[2]]
        for term in offered:
            summer = term[0].endswith("S")
            count = 1 if summer or level >= 3 else rng.randint(1, 3) if level == 1 else rng.randint(1, 2)
            for n in range(count):
                capacity = {1: rng.choice([120, 150, 200, 250]), 2: rng.choice([80, 100, 120])}.get(
                    level, rng.choice([40, 50, 60, 80]))
                lines.append({"section": {
                    "courseCode": code, "termCode": term[0],
                    "sectionCode": ("9" if summer else "1") + f"{n + 1:02d}",
                    "schedule": f"{rng.choice(SCHEDULES)}, {rng.choice(BUILDINGS)} {rng.randint(100, 350)}",
                    "capacity": capacity, "maxGroupSize": rng.choice([4, 5, 6, 8])}})
    for code, topics, level in courses:
        for position, topic in enumerate(topics, start=1):
            kinds = LESSON_KINDS[:3] if rng.random() < 0.6 else LESSON_KINDS
            lines.append({"module": {
                "courseCode": code, "position": position, "title": topic[0].upper() + topic[1:],
                "lessons": [{"title": f"{topic[0].upper() + topic[1:]}: {kind}", "durationMinutes": minutes}
                            for kind, minutes in kinds]}})
    out = pathlib.Path(__file__).resolve().parent.parent / "src/main/resources/demo/catalog.ndjson"
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as file:
        for line in lines:
            file.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"wrote {len(lines)} records to {out}")


if __name__ == "__main__":
    main()

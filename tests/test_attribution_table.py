"""Specification table for who-said-what attribution (rules backend).

Every case is a tiny invented news article: a headline, a blank line, then one
to three short body paragraphs.  Each row states what a careful human reader
would say about one statement in it: who said it, a few words of what was said,
and what kind of statement it is.  Appeal rows also say to whom the appeal was
made and what was asked; some denial rows say who made the allegation.

The table is a specification, not a snapshot of current behaviour.  Rows the
rules backend does not handle yet are marked ``xfail(strict=True)`` so that a
row which starts passing flags itself and its mark can be removed.

Row format::

    (id, headline, body, expected_speaker, content_words, kind, options)

``kind`` is a string, or a tuple of acceptable kinds where a careful reader
could reasonably file the statement either way.  ``options`` is a dict that may
hold:

* ``match``: ``"exact"`` (default) compares the speaker with the expected name
  (case-insensitive, whitespace-normalised, ignoring a leading "the");
  ``"name"`` accepts the expected name contained in the predicted speaker or
  vice versa as whole words (for honorifics such as "Dr" or "Senator" and for
  surname/pronoun back-references).  A pronoun is never an acceptable speaker.
* ``addressee`` / ``request``: for appeals, ``brief.appeals`` must hold an item
  whose addressee contains ``addressee`` and whose request contains every
  string in ``request``.
* ``alleged_by``: for denials, ``brief.denials`` must hold an item by the
  expected speaker whose ``alleged_by`` contains this string.
"""

from __future__ import annotations

import re

import pytest

from summarizer import summarize

XFAIL = pytest.mark.xfail(strict=True, reason="not handled yet")

KINDS = {"claim", "denial", "appeal", "warning", "pledge", "other"}
PRONOUNS = {
    "i", "me", "we", "us", "you", "he", "him", "she", "her", "it", "they",
    "them", "his", "hers", "its", "their", "theirs", "our", "one",
}


def todo(*row):
    """A row the rules backend does not handle yet."""
    return pytest.param(*row, marks=XFAIL, id=row[0])


CASES = [
    # ------------------------------------------------------------------
    # 1. plain subject + verb (+ that-clause)
    # ------------------------------------------------------------------
    ("plain-said-that",
     "Backlog of criminal cases begins to shrink at the county court",
     "Helen Marsh said that the trial would resume on Monday after a two-week adjournment.",
     "Helen Marsh", "trial would resume on Monday", "claim", {}),
    ("plain-announced-that",
     "Carmaker to scale back production at its northern assembly plant",
     "Riverside Motors announced that it would cut 400 jobs at its assembly plant next year.",
     "Riverside Motors", "cut 400 jobs", "claim", {}),
    ("plain-says-present",
     "Injury worries mount before Saturday's cup final at the national stadium",
     "Daniel Ferreira says the team is ready for Saturday's final despite injuries to two key defenders.",
     "Daniel Ferreira", "team is ready for Saturday's final", "claim", {}),
    ("plain-warned-that",
     "Aftershocks rattle mountain towns a day after strong earthquake",
     "Priya Nair warned that further tremors were likely along the fault in the coming days.",
     "Priya Nair", "further tremors were likely", "warning", {}),
    ("plain-has-said",
     "Regulators open review of proposed supermarket merger in the south",
     "Oliver Grant has said the merger will not lead to higher prices for customers.",
     "Oliver Grant", "merger will not lead to higher prices", "claim", {}),

    # ------------------------------------------------------------------
    # 2. inverted attribution after a quote
    # ------------------------------------------------------------------
    ("inverted-said-name",
     "Flood defences hold as river peaks overnight in the eastern valley towns",
     '"We expect the water to recede by Thursday," said Marta Kowalski.',
     "Marta Kowalski", "expect the water to recede by Thursday", "claim", {}),
    ("inverted-said-mayor-of",
     "Thousands sleep in emergency shelters after hurricane batters the coast",
     '"The shelters are full and we need more beds tonight," said Pedro Alvarez, the mayor of San Lucas.',
     "Pedro Alvarez", "shelters are full", "claim", {}),
    ("inverted-added-appositive",
     "Vaccine trial reaches its enrolment target months ahead of schedule",
     '"Nobody expected the trial to finish this early," added Ingrid Holm, a virologist at the university.',
     "Ingrid Holm", "nobody expected the trial to finish this early", "claim", {}),
    ("inverted-says-present",
     "Champions name their squad for the new season after a busy summer",
     '"This is the best squad I have ever coached," says Rafael Mendes.',
     "Rafael Mendes", "best squad I have ever coached", "claim", {}),
    ("inverted-said-role-name",
     "Central bank holds interest rates steady for a fourth month in a row",
     '"Interest rates will stay where they are for now," said the central bank governor, Amara Osei.',
     "Amara Osei", "interest rates will stay where they are", "claim", {}),

    ("inverted-tweeted-object-parse",
     "Warehouse blaze burns through the night on the industrial estate",
     "\"The fire spread faster than any of us expected on the night,\" tweeted retired fire chief Dana Holt.",
     "Dana Holt", "fire spread faster than any of us expected", "claim", {}),
    ("verb-first-remarked",
     "New breakwater finished a year ahead of schedule at the fishing port",
     "Remarked harbour engineer Tomas Reyes, \"The new breakwater will protect the fishing fleet from winter "
     "storms.\"",
     "Tomas Reyes", "breakwater will protect the fishing fleet", "claim", {}),
    ("quote-then-clause-informed",
     "Courier firm says deliveries will go on despite the takeover",
     "\"The company will honour every contract it has signed with its customers,\" Northwind Logistics informed "
     "its clients.",
     "Northwind Logistics", "honour every contract it has signed", "claim", {}),
    ("issued-statement-from-author",
     "Riverside path to stay shut after spring floods",
     "The governor's residence issued the following statement from Governor Ana Duarte: \"The river path will stay "
     "closed until the flood defences are repaired.\"",
     "Ana Duarte", "river path will stay closed", "claim", {"match": "name"}),
    ("summary-concluded-with-statement",
     "Ferry operator loses its licence after safety inquiry",
     "The tribunal's summary concluded with the statement: \"The licence will be withdrawn from the operator at the "
     "end of the month.\"",
     "tribunal", "licence will be withdrawn from the operator", "claim", {}),
    ("decided-according-to-that-quote",
     "Judge voids harbour contract in long-running dispute",
     "Judge Mary Fenn decided, according to the summary, \"that the contract had never been valid under the law of "
     "the province\".",
     "Mary Fenn", "contract had never been valid", ("claim", "denial"), {"match": "name"}),
    ("reported-then-and-quote",
     "Newly elected mayor thanks voters after a landslide win",
     "Mayor Rosa Lind said she was \"delighted\" by the turnout and \"We will never forget the people who gave "
     "us this chance. I will work every day to repay their trust.\"",
     "Rosa Lind", "We will never forget the people who gave us this chance", "pledge", {"match": "name"}),
    # ------------------------------------------------------------------
    # 3. quote, then subject + verb (including pronoun back-references)
    # ------------------------------------------------------------------
    ("quote-name-said",
     "Greenland ice loss accelerates, new satellite measurements show this year",
     '"The ice sheet is thinning faster than our models predicted," Lars Eriksen said.',
     "Lars Eriksen", "ice sheet is thinning faster", "claim", {}),
    ("quote-pronoun-she",
     "Reef survey finds signs of coral recovery in the northern islands",
     'Dr Ana Ruiz leads the marine biology lab at the university. '
     '"We found coral recovering in places we had written off," she said.',
     "Ana Ruiz", "found coral recovering", "claim", {"match": "name"}),
    ("quote-pronoun-he-next-para",
     "Manager stays loyal to struggling squad despite a run of defeats",
     "Kwame Mensah has managed the club for six seasons.\n\n"
     '"These players have given everything this season," he said.',
     "Kwame Mensah", "players have given everything", "claim", {"match": "name"}),
    ("quote-surname-later",
     "Family of crash victim welcomes verdict in manslaughter trial",
     "Sofia Bianchi, a lawyer for the family, spoke outside the courthouse. "
     '"The verdict gives them some peace at last," Bianchi said.',
     "Sofia Bianchi", "verdict gives them some peace", "claim", {"match": "name"}),
    ("quote-organisation-said",
     "Runway closed after cargo plane skids off the tarmac in heavy rain",
     '"Flights will resume once the runway has been inspected," Northfield Airport said.',
     "Northfield Airport", "flights will resume once the runway", "claim", {}),

    # ------------------------------------------------------------------
    # 4. colon attribution
    # ------------------------------------------------------------------
    ("colon-said",
     "Parliament passes tenancy reform after a long and bitter debate",
     'Hannah Weiss said: "The bill protects renters without punishing small landlords."',
     "Hannah Weiss", "protects renters without punishing small landlords", "claim", {}),
    ("colon-told-inquiry",
     "Inquiry into warehouse fire hears evidence from safety inspector",
     'Victor Lindqvist told the inquiry: "The alarms were switched off weeks before the fire."',
     "Victor Lindqvist", "alarms were switched off weeks before the fire", "claim", {}),
    ("colon-in-a-statement",
     "Food company withdraws frozen meals over possible contamination fears",
     'In a statement, Greenway Foods said: "We are recalling the affected batches as a precaution."',
     "Greenway Foods", "recalling the affected batches", "claim", {}),
    ("colon-wrote-online",
     "Appeal for children's hospital passes fundraising target in a week",
     'Amelia Clarke wrote on social media: "Our campaign has raised more than two million pounds."',
     "Amelia Clarke", "raised more than two million pounds", "claim", {}),
    ("colon-was-blunt",
     "Heavy home defeat leaves club facing relegation battle this spring",
     'The coach, Tomasz Nowak, was blunt: "We were simply not good enough."',
     "Tomasz Nowak", "simply not good enough", "claim", {}),
    ("colon-name-platform",
     "Council approves new bridge despite objections from residents",
     'Tomas Lindqvist, Twitter: "The new bridge is a disgrace and a waste of public money."',
     "Tomas Lindqvist", "disgrace and a waste of public money", "claim", {}),

    # ------------------------------------------------------------------
    # 5. "said in a statement (that)", "said on <day> (that)"
    # ------------------------------------------------------------------
    ("statement-that",
     "Hospital admissions fall again as winter virus season eases across the country",
     "The Department of Health said in a statement that hospital admissions had fallen for a third week.",
     "Department of Health", "admissions had fallen for a third week", "claim", {}),
    ("statement-no-that",
     "Bank investigates overnight outage of its mobile app and website",
     "Harbor Bank said in a statement it had found no evidence that customer data was stolen.",
     "Harbor Bank", "found no evidence that customer data was stolen", "claim", {}),
    ("day-said-that",
     "Ceasefire negotiators meet for a third round of talks in Geneva",
     "Carlos Medina said on Tuesday that the ceasefire talks had made real progress.",
     "Carlos Medina", "ceasefire talks had made real progress", "claim", {}),
    ("day-said-no-that",
     "Electronics maker expands manufacturing across South-East Asia next year",
     "Yuki Tanaka said on Friday the company would open three new factories in Vietnam.",
     "Yuki Tanaka", "open three new factories in Vietnam", "claim", {}),
    ("late-on-day-said-that",
     "Two arrested after armed robbery at jewellery shop in the city centre",
     "The police said late on Sunday that two men had been arrested in connection with the robbery.",
     "police", "two men had been arrested", "claim", {}),

    # ------------------------------------------------------------------
    # 6. "X told <listener> (that) ..." -- the speaker is X, not the listener
    # ------------------------------------------------------------------
    ("told-reporters",
     "Striker banned for four matches after an on-pitch clash with the referee",
     "Gabriel Dubois told reporters that the team would appeal the suspension.",
     "Gabriel Dubois", "team would appeal the suspension", "claim", {}),
    ("told-nbc",
     "Spending bill faces uncertain future in the Senate before the recess",
     "Senator Ruth Calloway told NBC News that the spending bill was unlikely to pass before the recess.",
     "Ruth Calloway", "spending bill was unlikely to pass", "claim", {"match": "name"}),
    ("told-radio-that-content",
     "Ferry service to resume after repairs to the harbour wall",
     "Anna Berg told Radio Nord that the ferry service would resume on Monday.",
     "Anna Berg", "ferry service would resume on Monday", "claim", {}),
    ("told-the-court",
     "Witness places defendant near warehouse on the night of the fire",
     "Fiona Gallagher told the court that she had seen the defendant near the warehouse that night.",
     "Fiona Gallagher", "seen the defendant near the warehouse", "claim", {}),
    ("told-bbc-no-that",
     "Rescue teams reach cut-off mountain villages days after the landslide",
     "Ahmed Karimi told the BBC the rescue teams had reached the village by road.",
     "Ahmed Karimi", "rescue teams had reached the village", "claim", {}),
    ("told-newspaper",
     "New space telescope begins its search for distant rocky planets",
     "Leila Haddad told The Guardian the new telescope could detect planets the size of Earth.",
     "Leila Haddad", "could detect planets the size of Earth", "claim", {}),

    # ------------------------------------------------------------------
    # 7. participle clauses
    # ------------------------------------------------------------------
    ("participle-estimating",
     "Storm leaves trail of destruction along the southern coastline overnight",
     "Estimating the damage at more than 40 million dollars, Elena Park said the storm had "
     "destroyed more than 300 homes along the coast.",
     "Elena Park", "destroyed more than 300 homes", "claim", {}),
    ("participle-statement-saying",
     "Airline grounds fleet as snowstorm sweeps across the capital region",
     "Norland Airlines issued a statement saying all flights from the capital had been "
     "cancelled until further notice.",
     "Norland Airlines", "flights from the capital had been cancelled", "claim", {}),
    ("participle-adding-that",
     "Regulator approves new vaccine for use in adults over the age of sixty",
     "Mikael Berg said the vaccine was safe, adding that side effects had been mild in most patients.",
     "Mikael Berg", "side effects had been mild", "claim", {}),
    ("participle-citing",
     "Shipping costs set to rise again as fuel prices climb worldwide",
     "Citing rising fuel costs, Javier Ortiz said the shipping firm would raise its prices in March.",
     "Javier Ortiz", "would raise its prices in March", "claim", {}),
    ("participle-posted-saying",
     "Tennis star pulls out of the Open with a lingering knee injury",
     "Rebecca Stone posted a video on Instagram saying her knee injury had not healed in time "
     "for the tournament.",
     "Rebecca Stone", "knee injury had not healed", "claim", {}),
    ("participle-while-expressing-pronoun",
     "Council promises more affordable homes as rents keep rising",
     "Lena Holt is the mayor of Dunmore. While expressing her concern over the rising cost of rent, "
     "she said the council would build 300 more homes.",
     "Lena Holt", "council would build 300 more homes", "claim", {"match": "name"}),

    # ------------------------------------------------------------------
    # 8. "according to X"
    # ------------------------------------------------------------------
    ("according-to-start-org",
     "Family of five escapes apartment fire in the early hours of Sunday",
     "According to the fire service, the blaze started in a kitchen on the ground floor.",
     "fire service", "blaze started in a kitchen", "claim", {}),
    ("according-to-end-org",
     "Dozens missing after ferry capsizes in rough seas off the coast",
     "The ferry was carrying more than 200 passengers when it capsized, according to the coast guard.",
     "coast guard", "carrying more than 200 passengers", "claim", {}),
    ("according-to-start-person",
     "Football club unveils plan to clear its stadium debt within a decade",
     "According to Noor Siddiqui, the club's finance director, the stadium debt will be paid off by 2030.",
     "Noor Siddiqui", "stadium debt will be paid off by 2030", "claim", {}),
    ("according-to-end-person",
     "Jobless rate drops as hiring picks up in the construction sector",
     "Unemployment fell to its lowest level in a decade last month, according to Ivan Petrov, "
     "the chief economist at Baltic Bank.",
     "Ivan Petrov", "unemployment fell to its lowest level", "claim", {}),

    # ------------------------------------------------------------------
    # 9. passive -- the agent is the speaker
    # ------------------------------------------------------------------
    ("passive-announced-by",
     "Border crossing to shut as migrant numbers rise over the summer months",
     "The decision to close the border crossing was announced by the interior ministry on Wednesday.",
     "interior ministry", "close the border crossing", "claim", {}),
    ("passive-criticised-by",
     "Hospital staff angered by proposal to lengthen shifts on wards this winter",
     "The plan to extend working hours was criticised by the Nurses' Union.",
     "Nurses' Union", "extend working hours", ("claim", "other"), {}),
    ("passive-confirmed-by",
     "Climber dies on descent from Himalayan peak during a late storm",
     "The death of the climber was confirmed by Nepal's tourism department on Saturday.",
     "Nepal's tourism department", "death of the climber", "claim", {}),
    ("passive-promised-by",
     "Cancelled festival leaves fans out of pocket after floods close the site",
     "A full refund for every ticket holder was promised by the ticketing company, Gatepass.",
     "Gatepass", "full refund for every ticket holder", "pledge", {"match": "name"}),
    ("passive-warned-by",
     "River levels climb after a week of heavy rain in the northern hills",
     "Residents were warned by the weather service that the river could burst its banks overnight.",
     "weather service", "river could burst its banks", "warning", {}),

    # ------------------------------------------------------------------
    # 10. nested reporting -- the primary speaker is the outer one
    # ------------------------------------------------------------------
    ("nested-had-claimed",
     "Governing party rejects fraud allegations after a narrow election win",
     "Martin Hale said that the opposition had claimed the election was rigged without offering any proof.",
     "Martin Hale", "opposition had claimed", "claim", {}),
    ("nested-had-alleged",
     "Defence opens its case in offshore tax evasion trial on Monday",
     "Irene Cho, the defence lawyer, said prosecutors had alleged that her client hid money in "
     "offshore accounts.",
     "Irene Cho", "prosecutors had alleged", "claim", {}),
    ("nested-had-told-him",
     "Health officials say cholera outbreak in the port city is slowing",
     "Farid Hosseini said scientists had told him the outbreak was under control.",
     "Farid Hosseini", "scientists had told him", "claim", {}),
    ("nested-had-admitted",
     "Referee body reviews disputed penalty in the weekend derby match",
     "Paolo Ricci said the referee had admitted to him that the penalty decision was wrong.",
     "Paolo Ricci", "referee had admitted", "claim", {}),
    ("nested-inside-quote",
     "Players under pressure as the club's winless run reaches ten games",
     '"The coach told us we were playing for our jobs," said Diego Santos.',
     "Diego Santos", "coach told us", "claim", {}),

    # ------------------------------------------------------------------
    # 11. appeals
    # ------------------------------------------------------------------
    ("appeal-urged-to",
     "Wildfire smoke blankets the city as firefighters battle several blazes",
     "Maya Fischer urged residents to stay indoors until the smoke cleared.",
     "Maya Fischer", "stay indoors", "appeal",
     {"addressee": "residents", "request": ["stay indoors"]}),
    ("appeal-called-on-to",
     "Aid agencies warn of famine as the siege of the city enters a third month",
     "The United Nations called on both sides to allow aid convoys into the city.",
     "United Nations", "allow aid convoys", "appeal",
     {"addressee": "both sides", "request": ["allow aid convoys"]}),
    ("appeal-asked-not-to",
     "Away fans warned over ticket shortage ahead of derby match this weekend",
     "Tariq Aziz asked fans not to travel to the away match without tickets.",
     "Tariq Aziz", "travel to the away match", "appeal",
     {"addressee": "fans", "request": ["not", "travel to the away match"]}),
    ("appeal-urged-not-to-negation",
     "Library closures spark protests in towns across the county this week",
     "Ruth Adeyemi urged the councils not to close the libraries, saying they were a lifeline "
     "for older residents.",
     "Ruth Adeyemi", "close the libraries", "appeal",
     {"addressee": "councils", "request": ["not", "close the libraries"]}),
    ("appeal-appealed-to",
     "Motorcyclist killed in collision with a lorry on the coast road",
     "Police appealed to witnesses to come forward with any information about the crash.",
     "police", "come forward", "appeal",
     {"addressee": "witnesses", "request": ["come forward"]}),
    ("appeal-pleaded-with",
     "Hospitals brace for a difficult winter as waiting lists grow longer",
     "Hospital chiefs pleaded with the government to release emergency funding before winter.",
     "Hospital chiefs", "release emergency funding", "appeal",
     {"addressee": "government", "request": ["release emergency funding"]}),

    ("appeal-told-listener-to",
     "Crowds gather in the old town as the curfew deadline approaches",
     "Mayor Lena Fischer told the protesters to leave the square before nightfall.",
     "Lena Fischer", "leave the square before nightfall", "appeal",
     {"match": "name", "addressee": "protesters", "request": ["leave the square"]}),
    ("appeal-request-hung-on-listener-phrase",
     "Ministry steps in as farm blockade of the northern ports enters its third week",
     "The Interior Ministry has asked the farmers' union of the north, led by Karl Berg and Ida Holm, to end "
     "the blockade.",
     "Interior Ministry", "end the blockade", "appeal",
     {"addressee": "farmers' union", "request": ["end the blockade"]}),
    ("appeal-reiterated-listener-to",
     "Envoy presses rival factions to settle their dispute through talks",
     "Foreign ministry spokeswoman Ana Petrova said the talks would continue. She reiterated the faction "
     "leaders to settle their dispute at the table.",
     "Ana Petrova", "settle their dispute", "appeal",
     {"match": "name", "addressee": "faction leaders", "request": ["settle their dispute"]}),
    ("appeal-unnamed-based-envoy-is-the-earlier-speaker",
     "Envoy presses rival factions to settle their dispute through talks",
     "Foreign ministry spokeswoman Ana Petrova said the talks would continue.\n\n"
     "On Wednesday, Vienna based envoy urged both factions to return to the table.",
     "Ana Petrova", "return to the table", "appeal",
     {"match": "name", "addressee": "both factions", "request": ["return to the table"]}),

    ("causative-have-someone-released",
     "Family of jailed student pleads for clemency at appeal hearing",
     "In May, the family tried to have Omar Hadid released by saying they had forgiven him for the fire.",
     "family", "they had forgiven him for the fire", ("claim", "other"), {}),

    ("appeal-third-person-must-inside-quote",
     "Minister defends decision to close the border crossing",
     'Minister Paul Odum defended the decision in a post, "We have done more than anyone else. The '
     'neighbouring states must take in their share of the refugees. Our patience is not endless."',
     "Paul Odum", "take in their share of the refugees", "appeal",
     {"match": "name", "addressee": "neighbouring states", "request": ["take in their share"]}),
    ("appeal-third-person-should-quote",
     "Union leader calls on bosses to reopen wage talks",
     '"The owners should come back to the table and pay a fair wage," said union leader Maria Santos.',
     "Maria Santos", "come back to the table", "appeal",
     {"match": "name", "addressee": "owners", "request": ["come back to the table"]}),

    ("two-speakers-one-sentence-but-says",
     "Chess team allowed to travel after visa dispute is settled",
     "Border officials did not say why the players were first refused visas, but Ambassador Sara Malik "
     "says there were fears they would not return home.",
     "Sara Malik", "there were fears they would not return home", "claim", {"match": "name"}),
    ("two-statements-one-speaker-claiming",
     "Governor orders troops to the flooded delta",
     "On Friday, Governor Ana Ruiz declared a state of emergency so the army could help, claiming this would "
     "save lives.",
     "Ana Ruiz", "this would save lives", "claim", {"match": "name"}),

    ("appeal-request-without-such-as-tail",
     "Party elders press leader to accept defeat",
     "Other party elders urged the party leader to accept the result, such as former governor Ed Park, who called the "
     "legal challenges an embarrassment.",
     "party elders", "accept the result", "appeal",
     {"match": "name", "addressee": "party leader", "request": ["accept the result"]}),
    ("appeal-first-person-in-a-later-clause",
     "Police make second arrest over theft of rare violin",
     '"Our priority is to find the violin, and I would urge anyone with any information to call the '
     'police," said Inspector Tom Reed.',
     "Tom Reed", "urge anyone with any information", "appeal",
     {"match": "name", "addressee": "anyone", "request": ["call the police"]}),
    ("appeal-first-person-request-in-quote",
     "Health minister proposes herbal remedy to world leaders",
     'The health minister, Rina Kapoor, proposed: "I request all the presidents of the world to drink ginger '
     'tea every morning."',
     "Rina Kapoor", "drink ginger tea", "appeal",
     {"match": "name", "addressee": "all the presidents", "request": ["drink ginger tea every morning"]}),
    ("appeal-first-person-ask-in-quote",
     "Boil-water notice issued after pipe burst in the east of the town",
     '"I ask all residents to boil their water until further notice," said Mayor Tim Bell.',
     "Tim Bell", "boil their water", "appeal",
     {"match": "name", "addressee": "all residents", "request": ["boil their water"]}),
    ("appeal-first-person-appeal-to-in-quote",
     "Police search for a missing hiker in the hills above the lake",
     '"I appeal to the public to report any sighting of him," said Chief Inspector Mary Lowe.',
     "Mary Lowe", "report any sighting", "appeal",
     {"match": "name", "addressee": "the public", "request": ["report any sighting"]}),
    ("appeal-invited-listener-to",
     "Fishing dispute: ministry proposes talks with its neighbours",
     "The Fisheries Ministry invited the neighbouring states to open talks on the quotas.",
     "Fisheries Ministry", "open talks on the quotas", "appeal",
     {"addressee": "neighbouring states", "request": ["open talks"]}),
    ("appeal-they-is-the-body-that-spoke-before",
     "Fishing dispute: ministry rejects the summit's findings",
     "The Fisheries Ministry called the summit's conclusions \"unfounded\". To settle the quarrel, they invited "
     "the neighbouring states to open talks.\n\nThe neighbouring ministers met in Oslo on Friday.",
     "Fisheries Ministry", "open talks", "appeal",
     {"addressee": "neighbouring states", "request": ["open talks"]}),
    ("appeal-called-for-listener-to",
     "Alliance summit ends with a call for higher budgets",
     "President Tom Ward called for NATO members to increase military spending.",
     "Tom Ward", "increase military spending", "appeal",
     {"match": "name", "addressee": "NATO members", "request": ["increase military spending"]}),
    ("appeal-called-for-the-government-of-to",
     "Aid donors press for reforms",
     "President Tom Ward called for the government of Ruritania to reduce corruption.",
     "Tom Ward", "reduce corruption", "appeal",
     {"match": "name", "addressee": "government of Ruritania", "request": ["reduce corruption"]}),
    ("appeal-subjunctive-that-clause-keeps-negation",
     "Embassy closes after protest",
     "The embassy advised that U.S. citizens not approach the building until further notice.",
     "embassy", "approach the building", "appeal",
     {"addressee": "U.S. citizens", "request": ["not approach the building"]}),
    ("appeal-request-stops-before-a-finite-verb",
     "Minister presses embassy over crash case",
     "Foreign Secretary Ann Raab urged the embassy to reconsider and spoke with the ambassador about the case.",
     "Ann Raab", "reconsider", "appeal",
     {"match": "name", "addressee": "embassy", "request": ["reconsider"]}),
    ("appeal-reported-should-in-a-later-clause",
     "Face coverings to be compulsory on buses",
     'Transport minister Ben Shaw said medical masks "must be kept for hospitals" so the general public should '
     'use home-made face coverings.',
     "Ben Shaw", "use home-made face coverings", "appeal",
     {"match": "name", "addressee": "general public", "request": ["use home-made face coverings"]}),
    ("appeal-reported-must-listener-noun",
     "New register for rented homes",
     "Housing minister Ana Ruiz said landlords must register every tenant by June.",
     "Ana Ruiz", "register every tenant", "appeal",
     {"match": "name", "addressee": "landlords", "request": ["register every tenant by June"]}),
    ("appeal-suggested-subjunctive-present",
     "Masks advised in crowded places",
     'The Welsh government has suggested people "think about" masks in shops where they cannot keep apart.',
     "Welsh government", "masks in shops", "appeal",
     {"addressee": "people", "request": ["masks in shops"]}),
    ("appeal-bare-infinitive-after-listener-with-for",
     "Mayor goes to court to stop release of his accounts",
     "Mayor Tom Ward had asked the District Court for the Southern District intervene in the city's inquiry.",
     "Tom Ward", "intervene in the city's inquiry", "appeal",
     {"match": "name", "addressee": "District Court", "request": ["intervene in the city's inquiry"]}),
    ("appeal-requested-a-thing",
     "Fire in airport car park destroys hundreds of cars",
     "Fire chief Ola Berg requested support and equipment from other fire departments in the region.",
     "Ola Berg", "support and equipment", "appeal",
     {"match": "name", "addressee": "", "request": ["support and equipment"]}),
    ("appeal-warned-listener-to",
     "Chemical plant fire sends smoke over the town",
     "Fire chief Ola Berg warned people in the area to stay inside and close their windows.",
     "Ola Berg", "stay inside", "appeal",
     {"match": "name", "addressee": "people", "request": ["stay inside and close their windows"]}),
    ("appeal-calling-for-participle",
     "Thousands march against the mayor",
     "Thousands of protesters marched through the city on Sunday, calling for the resignation of the mayor.",
     "Thousands of protesters", "resignation of the mayor", "appeal",
     {"addressee": "", "request": ["resignation of the mayor"]}),
    ("appeal-second-quotation-after-adding",
     "Turnout falls in the city election",
     '"The turnout was low this year," Mayor Tom Ward said, adding, "I urge everyone to vote next time."',
     "Tom Ward", "urge everyone to vote", "appeal",
     {"match": "name", "addressee": "everyone", "request": ["vote next time"]}),
    ("appeal-please-in-quote",
     "Flu cases rise sharply across the region",
     '"Please stay at home if you have a fever," said Doctor Ben Ola.',
     "Ben Ola", "stay at home", "appeal",
     {"match": "name", "addressee": "", "request": ["stay at home if you have a fever"]}),
    ("appeal-time-for-listener-to",
     "Software maker ends support for its oldest browser",
     "Northwind announced on Friday that it is time for users of the old browser to move to a newer version.",
     "Northwind", "move to a newer version", "appeal",
     {"addressee": "users of the old browser", "request": ["move to a newer version"]}),
    ("appeal-time-to-late-in-quote",
     "Thousands march for a second referendum",
     'The mayor, Sara Holm, tweeted, "Thousands have come together to send a clear message: enough is enough - '
     'it\'s time to give the voters the final say on the treaty."',
     "Sara Holm", "final say on the treaty", "appeal",
     {"match": "name", "addressee": "", "request": ["give the voters the final say"]}),

    # ------------------------------------------------------------------
    # 12. denials
    # ------------------------------------------------------------------
    ("denial-denied-that",
     "Councillor faces questions over planning approval for riverside flats",
     "Kevin Brandt denied that he had accepted money from the developer.",
     "Kevin Brandt", "accepted money from the developer", "denial", {}),
    ("denial-rejected-claims-by",
     "Health minister under fire over hospital funding in the latest budget",
     "Sara Lindholm rejected claims by the opposition that the hospital had been underfunded for years.",
     "Sara Lindholm", "hospital had been underfunded", "denial", {"alleged_by": "opposition"}),
    ("denial-denies-present",
     "League investigates club over spending on player wages last season",
     "Westfield Rovers denies breaching financial rules and says it will cooperate with the inquiry.",
     "Westfield Rovers", "breaching financial rules", "denial", {}),
    ("denial-dismissed-reports",
     "Party leader faces growing pressure after poor local election results",
     "Anton Weber dismissed reports that he was about to resign as party leader.",
     "Anton Weber", "about to resign as party leader", "denial", {}),
    ("denial-reported-have-not-done",
     "Museum says stolen painting was never returned to its vaults",
     "Museum officials have stated they have not received the missing painting.",
     "Museum officials", "have not received the missing painting", "denial", {}),
    ("denial-reported-never-did-alleged-by",
     "Mayor faces questions over payments from a building firm",
     "Councillor Ben Ross claimed the mayor had taken money from the builder. The mayor said she had never "
     "taken any money from the firm.",
     "mayor", "had never taken any money", "denial", {"alleged_by": "Ben Ross"}),
    ("denial-quote-told-court",
     "Former finance officer gives evidence in city council fraud trial",
     '"I never saw the documents and I never signed them," Clara Jensen told the court.',
     "Clara Jensen", "never saw the documents", "denial", {}),
    ("denial-denounced-an-allegation-noun",
     "Fishing dispute: ministry rejects the summit's findings",
     'The Fisheries Ministry denounced the conclusions of the summit, calling the quotas "unfair and unlawful".',
     "Fisheries Ministry", "conclusions of the summit", "denial", {}),
    ("denial-said-it-opposes-insinuations",
     "Ministry denies supplying arms to rebels",
     "The Foreign Ministry said that it strongly opposes such insinuations about arms deliveries to the rebels.",
     "Foreign Ministry", "opposes such insinuations", "denial", {}),
    ("denial-sentence-missing-its-reporting-verb",
     "Ministry denies supplying arms to rebels",
     "Moscow says it has seen comments by foreign experts about alleged deliveries of arms to the rebels in the "
     "Vardo valley.\n\nThe Russian Foreign Ministry that it strongly opposes \"such insinuations\" on this topic.",
     "Russian Foreign Ministry", "such insinuations", "denial", {}),
    ("denial-rejected-this-argument-colon-then-paragraph",
     "Judge orders mayor to hand over city accounts",
     "The mayor argued that, as mayor, he was immune from the inquiry. Judge Lena Berg rejected this argument:"
     "\n\nThe immunity that the mayor invokes, boundless in its reach, has no ground in the city charter. "
     "It also ignores the rulings of the higher courts.",
     "Lena Berg", "immunity that the mayor invokes", "denial", {"match": "name"}),
    ("denial-who-has-denied-the-allegations",
     "Singer to stand trial over tax fraud",
     "The singer Marco Bellini, who has denied the allegations, will appear in court in May.",
     "Marco Bellini", "the allegations", "denial", {"match": "name"}),
    ("denial-denied-the-claims-two-words",
     "Club accused of breaking transfer rules",
     "A newspaper reported that Westbury Rovers had paid agents in secret. Westbury Rovers denied the claims.",
     "Westbury Rovers", "the claims", "denial", {}),
    ("denial-alleged-by-the-statement-before",
     "Former member says he returned the church's laptops",
     "Mark Dorsey said the laptops were returned by mail in May. Church officials have stated they have not "
     "received the laptops.",
     "Church officials", "have not received the laptops", "denial", {"alleged_by": "Mark Dorsey"}),
    ("denial-quotation-paragraph-after-a-lie-is-named",
     "Senator says the war is not over",
     'Senator Ruth Adeyemi spoke on the radio, "This decision is going to end badly."\n\n'
     '"The rebels are not beaten. The biggest lie being told by the government is that the rebels are beaten."',
     "Ruth Adeyemi", "rebels are not beaten", "denial", {"match": "name", "alleged_by": "government"}),

    # ------------------------------------------------------------------
    # 13. role then name / name then role
    # ------------------------------------------------------------------
    ("name-with-lowercase-particle",
     "Army names group behind the market bombing",
     "Mario dela Cruz of the army's southern command said the rebel group was behind the attack.",
     "Mario dela Cruz", "rebel group was behind the attack", "claim", {}),
    ("told-listener-then-time-then-that",
     "Drug deaths rise as benefit payments begin",
     "Detective Ana Bell stated to the Daily Courier in late June that prices of illicit drugs had doubled.",
     "Ana Bell", "prices of illicit drugs had doubled", "claim", {"match": "name"}),
    ("two-roles-coordinated-before-name",
     "Ruling party wins a clear majority in the snap election",
     "Labour Party leader and Prime Minister Anna Berg said she was humbled by the result.",
     "Anna Berg", "she was humbled by the result", "claim", {"match": "name"}),
    ("commented-clause-subject-is-content",
     "Opposition reads president's messages as a concession",
     "Opposition leader Omar Said commented the president's messages on Monday were as near to a concession "
     "as the public would get.",
     "Omar Said", "the president's messages on Monday were as near", "claim", {"match": "name"}),
    ("she-after-name-for-body",
     "Food agency weighs rules on vitamin D in bread",
     "If Vitamin D levels fall, children suffer. \n\nMaria Holt for Food Standards Norway says they are "
     "looking at new rules by the end of the year. She says the issue is complicated and will take time.",
     "Maria Holt", "the issue is complicated", "claim", {"match": "name"}),
    ("role-name-ceo",
     "Software firm reports record quarter as demand for its cloud tools soars",
     "The company's chief executive, Maria Lopez, said sales had doubled in the first quarter.",
     "Maria Lopez", "sales had doubled", "claim", {}),
    ("name-role-fire-chief",
     "Fire at a disused textile mill burns through the night before crews contain it",
     "Tom Reyes, the city's fire chief, said the blaze had been brought under control by midnight.",
     "Tom Reyes", "blaze had been brought under control", "claim", {}),
    ("role-name-no-comma",
     "Long-delayed regional hospital finally gets a date for opening its doors",
     "Health minister Jonas Lindgren said the new hospital would open in the autumn.",
     "Jonas Lindgren", "new hospital would open in the autumn", "claim", {}),
    ("name-age-role",
     "Nurses work double shifts as flu cases fill hospital wards in the north",
     "Lucy Tran, 34, a nurse at St Mary's Hospital, said staff had worked double shifts all week.",
     "Lucy Tran", "staff had worked double shifts", "claim", {}),
    ("inverted-role-name-quote",
     "Schools reopen across the district a month after the earthquake struck",
     '"Every school in the district has now reopened," said the education minister, Kofi Boateng.',
     "Kofi Boateng", "every school in the district has now reopened", "claim", {}),

    # ------------------------------------------------------------------
    # 14. multi-sentence quotes
    # ------------------------------------------------------------------
    ("multi-quote-first-part",
     "Farmers count losses after flash flood sweeps through the river valley",
     '"The river rose two metres in an hour. We had no time to move the cattle," Ewan Fraser said.',
     "Ewan Fraser", "river rose two metres in an hour", "claim", {}),
    ("multi-quote-second-part",
     "Farmers count losses after flash flood sweeps through the river valley",
     '"The river rose two metres in an hour. We had no time to move the cattle," Ewan Fraser said.',
     "Ewan Fraser", "no time to move the cattle", "claim", {}),
    ("multi-quote-inverted-appositive",
     "Astronomers detect an unusual radio signal from a nearby galaxy",
     '"Our results are preliminary. But the signal is very strong," said Hiroshi Sato, an '
     "astronomer at Kyoto University.",
     "Hiroshi Sato", "results are preliminary", "claim", {}),
    ("multi-quote-pronoun",
     "Petrova claims third title of the season with straight-sets win",
     "Nadia Petrova won her third title on Sunday.\n\n"
     '"I was nervous all week. Today everything just clicked," she said.',
     "Nadia Petrova", "nervous all week", "claim", {"match": "name"}),
    ("quote-paragraph-continues-speaker",
     "Clinic reopens with more staff after a year of closures",
     "Grace Okafor said the clinic would reopen next month.\n\n"
     '"We have hired four new nurses and the waiting list is already shorter."',
     "Grace Okafor", "hired four new nurses", "claim", {}),
    ("some-of-group",
     "Marchers fill the city centre in protest against school closures",
     "Some of the parents who joined the march said the closures would force children to travel for hours.",
     "Some of the parents", "closures would force children to travel", "claim", {"match": "name"}),
    ("role-of-body-comma-name",
     "Island territory objects to court ruling on citizenship",
     "The delegate of the island to the national parliament, Aumua Tala, told reporters the ruling was unwelcome.",
     "Aumua Tala", "ruling was unwelcome", "claim", {}),
    ("multi-quote-continuation",
     "Rail line reopens after signal failure causes a day of severe delays",
     '"The delays were unacceptable," said Liam O\'Connor. "Our engineers have found the fault '
     'and the line is running normally again."',
     "Liam O'Connor", "engineers have found the fault", "claim", {}),

    # ------------------------------------------------------------------
    # 15. pledges and warnings
    # ------------------------------------------------------------------
    ("pledge-vowed-to",
     "Government launches reconstruction fund after the worst floods in decades",
     "Prime Minister Alice Moreau vowed to rebuild every home destroyed by the floods.",
     "Alice Moreau", "rebuild every home", "pledge", {"match": "name"}),
    ("pledge-promised-that",
     "Delayed stadium project gets fresh funding from the city council",
     "Rashid Khan promised that the new stadium would be finished before the 2027 season.",
     "Rashid Khan", "stadium would be finished before the 2027 season", "pledge", {}),
    ("pledge-pledged-money",
     "Charity steps in to save fire-damaged cathedral roof from collapse",
     "The Thornbury Foundation pledged 5 million dollars to restore the damaged cathedral.",
     "Thornbury Foundation", "restore the damaged cathedral", "pledge", {}),
    ("pledge-quote",
     "Police launch murder inquiry after body found in the city park",
     '"We will find whoever did this and bring them to justice," said Chief Constable Helena Brooks.',
     "Helena Brooks", "bring them to justice", "pledge", {"match": "name"}),
    ("warning-warned-that",
     "Volcano calms after eruption but scientists remain on high alert",
     "Beatriz Costa warned that the volcano could erupt again within days.",
     "Beatriz Costa", "volcano could erupt again", "warning", {}),
    ("warning-warned-of",
     "Measles cases climb as vaccination rates fall in several countries",
     "The World Health Organization warned of a surge in measles cases across Europe this winter.",
     "World Health Organization", "surge in measles cases", "warning", {}),
    ("warning-quote-inverted",
     "Engineers raise fresh concerns over the safety of the ageing valley dam",
     '"If the dam fails, the whole valley will flood," warned Henrik Dahl, an engineer who '
     "inspected it last year.",
     "Henrik Dahl", "whole valley will flood", "warning", {}),
    ("warning-cautioned-that",
     "Inflation eases for a second month as energy bills level off",
     "Layla Nasser, an economist at Crestview Capital, cautioned that inflation could rise again "
     "if energy prices kept climbing.",
     "Layla Nasser", "inflation could rise again", "warning", {}),
    ("other-expressed-sympathy",
     "Bus crash kills eleven on mountain road",
     "The mayor, Ana Ruiz, expressed her deepest sympathy to the families of the victims.",
     "Ana Ruiz", "sympathy to the families", "other", {"match": "name"}),
    ("warning-expressed-concern",
     "Ministry voices concern over unrest in the north",
     "The Foreign Ministry expressed concern over the spread of the unrest to neighbouring regions.",
     "Foreign Ministry", "spread of the unrest", "warning", {}),
    ("other-condolence-quote-opening",
     "Eleven die as ferry sinks off the coast",
     'Prime Minister Anil Rao tweeted "Deeply saddened by the loss of lives in the ferry accident."',
     "Anil Rao", "saddened by the loss of lives", "other", {"match": "name"}),
    ("warning-going-to-lead-to-quote",
     "Senator criticises troop withdrawal",
     '"This is going to lead to the militants\' return," said Senator Ann Lee.',
     "Ann Lee", "lead to the militants", "warning", {"match": "name"}),
    ("warning-may-occur-if",
     "Former vice president appeals for aid to the besieged valley",
     "Former vice president Omar Haidari said famine may occur if the world does not pay attention.",
     "Omar Haidari", "famine may occur", "warning", {"match": "name"}),
    ("question-asked-is-no-appeal",
     "Students protest against the closure of the debating club",
     '"How can people weigh both sides if one side is gone?" asked student leader Ann Lee.',
     "Ann Lee", "weigh both sides", "claim", {"match": "name"}),
    ("pledge-reported-own-future-act",
     "President threatens to veto the spending bill",
     "President Tom Ward said he will not approve a budget that does not fund the new bridge.",
     "Tom Ward", "will not approve a budget", "pledge", {"match": "name"}),
    ("pledge-reported-would-stand-down",
     "President to leave office after two terms",
     "In 2018, President Pierre Mbeki said that he would stand down at the end of his term.",
     "Pierre Mbeki", "would stand down", "pledge", {"match": "name"}),
    ("pledge-first-person-pledge-verb-in-quote",
     "New speaker sworn in as parliament opens its session",
     '"I pledge that this parliament will be open to every citizen," said Speaker Nora Lind.',
     "Nora Lind", "this parliament will be open", "pledge", {"match": "name"}),
    ("warning-first-person-warn-verb-in-quote",
     "Engineers inspect the old dam after a week of heavy rain",
     '"I warn everyone living below the dam that the spillway may not hold," said engineer Tom Reed.',
     "Tom Reed", "spillway may not hold", "warning", {"match": "name"}),
    ("other-first-person-thanks-in-quote",
     "Firefighters save historic library from blaze",
     '"We thank the firefighters for their courage and their patience," said Mayor Tim Bell.',
     "Tim Bell", "thank the firefighters", "other", {"match": "name"}),

    # ------------------------------------------------------------------
    # 16. relative clauses
    # ------------------------------------------------------------------
    ("relative-who-said",
     "Finance minister grilled by MPs over the growing public deficit",
     "Esther Okonjo, the finance minister, who said the budget would be balanced by 2026, faced "
     "tough questions from MPs on Thursday.",
     "Esther Okonjo", "budget would be balanced by 2026", "claim", {}),
    ("relative-who-said-coach",
     "Weary champions rest key players after a long-haul flight home",
     "Marco Vitale, who said the squad was exhausted after the long flight, rested five starters "
     "for Saturday's match.",
     "Marco Vitale", "squad was exhausted", "claim", {}),
    ("relative-which-said",
     "Lender fined for breaking rules on mortgage approvals over five years",
     "The Financial Conduct Authority, which said Crestmoor Bank had broken lending rules, fined "
     "the lender 20 million pounds.",
     "Financial Conduct Authority", "broken lending rules", "claim", {}),
    ("relative-who-warned",
     "Levee breach floods farmland as engineer's earlier warning resurfaces",
     "Oskar Nilsson, who warned last year that the levee was too weak, said he took no pleasure "
     "in being right.",
     "Oskar Nilsson", "levee was too weak", "warning", {}),

    # ------------------------------------------------------------------
    # general reporting verbs and frames
    # ------------------------------------------------------------------
    ("verb-reaffirmed",
     "Port authority stands by plan to deepen the harbour channel",
     "Harbour master Ilse Brandt reaffirmed that the dredging would start in the spring.",
     "Ilse Brandt", "dredging would start in the spring", "claim", {"match": "name"}),
    ("verb-underlined",
     "Fishing quotas dominate talks between the coastal states",
     "Minister Tomas Keller underlined the fishing rights of coastal villages in the bay.",
     "Tomas Keller", "fishing rights of coastal villages", "claim", {"match": "name"}),
    ("verb-speculated",
     "Unusual bird deaths puzzle wildlife officers along the estuary",
     "The biologists speculated the cold snap had weakened the birds before the storm.",
     "biologists", "cold snap had weakened the birds", "claim", {"match": "name"}),
    ("verb-report-present",
     "Survey of lake sediments points to an ancient drought",
     "Geologists report the lake dried out completely about 4,000 years ago.",
     "Geologists", "lake dried out completely", "claim", {}),
    ("verb-reports-outlet",
     "Transfer talks stall over a striker's release clause",
     "The Daily Courier reports that the club has rejected a second offer for the striker.",
     "Daily Courier", "club has rejected a second offer", "claim", {"match": "name"}),
    ("verb-decided-clause",
     "Appeals panel sides with tenants in long dispute over repairs",
     "The appeals panel decided the landlord had breached the tenancy agreement.",
     "appeals panel", "landlord had breached the tenancy agreement", "claim", {"match": "name"}),
    ("verb-hailed-as",
     "Farmers welcome new irrigation canal in the dry north",
     "The farmers' union hailed the canal as a lifeline for the northern valleys.",
     "farmers' union", "canal as a lifeline", "claim", {"match": "name"}),
    ("verb-committed-to-act",
     "Senate leader signals a vote on the spending bill next month",
     "Senator Ruth Alvarez has committed to holding a vote on the bill before the recess.",
     "Ruth Alvarez", "holding a vote on the bill", "pledge", {"match": "name"}),

    # ------------------------------------------------------------------
    # a second reporting verb sharing the first one's speaker
    # ------------------------------------------------------------------
    ("shared-subject-but-denied",
     "Council leader admits talks with developer over the old mill site",
     "Councillor Ben Osei said that he had met the developer twice but denied that he promised "
     "them the contract.",
     "Ben Osei", "he promised them the contract", "denial", {"match": "name"}),
    ("shared-subject-participle-saying",
     "Widow accepts plea deal in fatal crash case",
     "Maria Lenz told reporters she found the plea deal fair, saying a long trial would not bring "
     "her husband back.",
     "Maria Lenz", "long trial would not bring her husband back", "claim", {}),
    ("shared-subject-participle-insisting",
     "Regulator chief defends approval of the pipeline permit",
     "Dana Whitfield claimed she approved the permit on the evidence alone, insisting she was "
     "never pressured by any minister.",
     "Dana Whitfield", "never pressured by any minister", "denial", {}),
    ("shared-subject-adding-quote",
     "Mayor invites neighbouring towns to join the bus network",
     "Mayor Ivo Petrov called on the neighbouring towns to join the network, adding \"The more "
     "towns take part, the cheaper every ticket becomes.\"",
     "Ivo Petrov", "cheaper every ticket becomes", "claim", {"match": "name"}),
    ("two-that-clauses-first",
     "Harbour report flags silt and staffing problems",
     "The inspector noted that the channel had silted up, and that the harbour lacked enough pilots.",
     "inspector", "channel had silted up", "claim", {"match": "name"}),
    ("two-that-clauses-second",
     "Harbour report flags silt and staffing problems",
     "The inspector noted that the channel had silted up, and that the harbour lacked enough pilots.",
     "inspector", "harbour lacked enough pilots", "claim", {"match": "name"}),
    ("past-tense-read-as-participle",
     "Senate leader signals a vote on the spending bill next month",
     "Ruth Alvarez, the Senate Majority Leader, previously committed to holding a vote on the bill.",
     "Ruth Alvarez", "holding a vote on the bill", "pledge", {}),
    ("relative-aside-inside-an-appeal",
     "Party elders press the leader to concede the contested vote",
     "Several party elders have urged him to accept the result, such as former governor Alan Pierce, "
     "who denounced the campaign's fraud claims as a \"disgrace\".",
     "Alan Pierce", "fraud claims", "denial", {"match": "name"}),
    ("participle-after-a-passive-with-agent",
     "Governing party keeps its majority in the regional election",
     "The result was described by Premier Karl Weiss as a clear mandate, saying the reforms "
     "would go ahead next year.",
     "Karl Weiss", "reforms would go ahead next year", "claim", {"match": "name"}),
    ("quoted-by-an-outlet-as-saying",
     "Border crossing to reopen after weekend talks",
     "The interior minister was quoted by Reuters as saying that the border would reopen on Monday.",
     "interior minister", "border would reopen on Monday", "claim", {"match": "name"}),
    ("issued-a-warning-saying",
     "Coastguard warns swimmers away from the northern beaches",
     "The harbour police issued warnings against swimming off the northern beaches, saying the currents "
     "were too strong.",
     "harbour police", "warnings against swimming off the northern beaches", "warning", {"match": "name"}),
    ("issued-a-statement-saying",
     "Ministry says talks on the fishing treaty have stalled",
     "The fisheries ministry issued a statement on Monday, saying the talks on the treaty had stalled.",
     "fisheries ministry", "talks on the treaty had stalled", "claim", {"match": "name"}),
    ("parenthetical-attribution-inside-the-clause",
     "Parking charges to rise in the city centre",
     "The new parking charges, the transport minister said, will take effect in March.",
     "transport minister", "will take effect in March", "claim", {"match": "name"}),
    ("called-it-adjective-that",
     "Doubts grow over funding for the coastal railway",
     "Economist Lena Brandt called it unlikely that the government would fund the railway before 2030.",
     "Lena Brandt", "government would fund the railway", "claim", {"match": "name"}),
    ("in-a-report-of-a-body",
     "Storm damage toll rises in the northern provinces",
     "In a situational report of the Civil Defence Office, the storm damaged 212 homes and 15 schools.",
     "Civil Defence Office", "storm damaged 212 homes", "claim", {"match": "name"}),
    ("issued-an-opinion-finding",
     "Appeal court rules against the harbour expansion",
     "The Court of Appeal issued an opinion on the harbour expansion, finding it to be unlawful.",
     "Court of Appeal", "opinion on the harbour expansion, finding it to be unlawful", "claim", {"match": "name"}),
    ("responded-to-x-calling-for",
     "Governor answers the auditor's letter",
     "Governor Nina Patel responded to the auditor's letter on Friday, calling for an independent "
     "review of the state pension fund.",
     "Nina Patel", "independent review of the state pension fund", "appeal",
     {"match": "name", "addressee": "", "request": ["independent review"]}),
    ("responded-that",
     "Governor answers the auditor's letter",
     "Governor Nina Patel responded that the pension fund had been audited twice already.",
     "Nina Patel", "pension fund had been audited twice", "claim", {"match": "name"}),
    ("framed-verb-with-a-pronoun-clause",
     "Coach defends record after cup exit",
     "Coach Pavel Novak asserted he had built the strongest squad in the club's history.",
     "Pavel Novak", "built the strongest squad", "claim", {"match": "name"}),
    ("an-inquiry-by-x-found-no",
     "Fact-checkers dispute claim about the mayor's contracts",
     "Opposition councillors alleged that the mayor had steered contracts to his brother. An "
     "investigation by FactWatch found no such payments in the city's records.",
     "FactWatch", "no such payments", "denial", {"match": "name"}),
    ("expressed-no-feeling",
     "Driver in fatal crash appears in court",
     "At the hearing, driver Tom Reyes expressed no remorse for the crash that killed two cyclists.",
     "Tom Reyes", "no remorse for the crash", ("other", "claim"), {"match": "name"}),
    ("cited-x-as-y",
     "Airline cancels dozens of winter flights",
     "The airline's chief executive Mara Holt has cited a shortage of pilots as the reason for the cancellations.",
     "Mara Holt", "shortage of pilots as the reason", "claim", {"match": "name"}),
]


# ----------------------------------------------------------------------
# helpers
# ----------------------------------------------------------------------

def _norm(text: str | None) -> str:
    text = (text or "").replace("\u2019", "'").replace("\u2018", "'")
    text = text.replace("\u201c", '"').replace("\u201d", '"')
    return re.sub(r"\s+", " ", text).strip().lower()


def _speaker_key(name: str | None) -> str:
    name = _norm(name).strip(" ,.;:\"'")
    return re.sub(r"^the\s+", "", name)


def _words(text: str) -> list[str]:
    return re.findall(r"[\w']+", _speaker_key(text))


def _contains_words(outer: list[str], inner: list[str]) -> bool:
    n = len(inner)
    return n > 0 and any(outer[i:i + n] == inner for i in range(len(outer) - n + 1))


def _speaker_matches(predicted: str | None, expected: str, mode: str) -> bool:
    key = _speaker_key(predicted)
    if not key or key in PRONOUNS:
        return False
    if mode == "exact":
        return key == _speaker_key(expected)
    assert mode == "name", mode
    got, want = _words(predicted or ""), _words(expected)
    return _contains_words(got, want) or _contains_words(want, got)


def _describe(brief) -> str:
    lines = ["statements:"]
    for s in brief.statements:
        lines.append(f"  [{s.kind}] {s.speaker!r}: {s.text!r} (direct={s.direct})")
    lines.append("appeals:")
    for a in brief.appeals:
        lines.append(f"  {a.speaker!r} -> {a.addressee!r}: {a.request!r}")
    lines.append("denials:")
    for d in brief.denials:
        lines.append(f"  {d.speaker!r} denied {d.denied!r} (alleged by {d.alleged_by!r})")
    return "\n".join(lines)


def _is_param(row) -> bool:
    # pytest.param() returns a NamedTuple, so test for it before plain tuples.
    return hasattr(row, "marks") and hasattr(row, "values")


def _params(rows):
    out = []
    for row in rows:
        if _is_param(row):
            out.append(row)
        else:
            out.append(pytest.param(*row, id=row[0]))
    return out


# ----------------------------------------------------------------------
# sanity checks on the table itself
# ----------------------------------------------------------------------

def _rows():
    return [r.values if _is_param(r) else r for r in CASES]


def test_table_is_well_formed():
    rows = _rows()
    ids = [r[0] for r in rows]
    assert len(rows) >= 64
    assert len(ids) == len(set(ids)), "duplicate case ids"
    for case_id, headline, body, speaker, content, kind, opts in rows:
        kinds = (kind,) if isinstance(kind, str) else kind
        assert set(kinds) <= KINDS, case_id
        assert _norm(content) in _norm(body), f"{case_id}: content words not in body"
        assert set(opts) <= {"match", "addressee", "request", "alleged_by"}, case_id
        assert "\n" not in headline, case_id
        if "appeal" in kinds:
            assert "addressee" in opts and "request" in opts, case_id


# ----------------------------------------------------------------------
# the table
# ----------------------------------------------------------------------

@pytest.mark.parametrize(
    "case_id, headline, body, speaker, content, kind, opts", _params(CASES)
)
def test_attribution(case_id, headline, body, speaker, content, kind, opts):
    article = headline + "\n\n" + body
    brief = summarize(case_id, text=article, backend="rules")
    seen = _describe(brief)
    mode = opts.get("match", "exact")
    kinds = (kind,) if isinstance(kind, str) else tuple(kind)

    want = _norm(content)
    found = [s for s in brief.statements if want in _norm(s.text)]
    assert found, f"no statement contains {content!r}\n{seen}"

    by_speaker = [s for s in found if _speaker_matches(s.speaker, speaker, mode)]
    assert by_speaker, f"no statement containing {content!r} is attributed to {speaker!r}\n{seen}"

    assert any(s.kind in kinds for s in by_speaker), (
        f"statement by {speaker!r} containing {content!r} is not of kind {kinds}\n{seen}"
    )

    if "addressee" in opts:
        addressee = _norm(opts["addressee"])
        requests = [_norm(r) for r in opts["request"]]
        assert any(
            addressee in _norm(a.addressee)
            and all(re.search(rf"\b{re.escape(r)}\b", _norm(a.request)) for r in requests)
            for a in brief.appeals
        ), f"no appeal to {opts['addressee']!r} asking {opts['request']!r}\n{seen}"

    if "alleged_by" in opts:
        alleged_by = _norm(opts["alleged_by"])
        assert any(
            _speaker_matches(d.speaker, speaker, mode) and alleged_by in _norm(d.alleged_by)
            for d in brief.denials
        ), f"no denial by {speaker!r} of an allegation by {opts['alleged_by']!r}\n{seen}"

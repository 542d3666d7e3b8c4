"""A deterministic long brief for benchmarks and layout tests.

The sample brief is six pages of plain paragraphs; the slow paths and the
layout bugs live in long documents with many notes, figures, quotes, lists,
URLs and accented names.  `write_long_brief(folder, pages, seed)` writes
such a brief (brief.md + figures/) that exercises the whole content-format
contract (docs: /work/shared/design/content-format.md) and comes out at
roughly `pages` pages in the print layout.

Text is an order-2 Markov chain over a built-in excerpt of the sample brief,
so it reads like policy English and hyphenation gets real words.  The same
(pages, seed) always gives byte-identical files: one `random.Random(seed)`
drives everything, and no clock, locale or hash order is consulted.

Usage: python bench/longbrief.py OUT_FOLDER [--pages 70] [--seed 0]
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

# --- calibration -------------------------------------------------------------------------------
# Body-word equivalents per print page, and pages that hold no flow budget (the back cover and
# half the cover).  Measured by building briefs of 12, 24 and 70 pages and counting their pages
# with pypdf (see bench/README.md); re-measure when the print layout changes a lot.
WORDS_PER_PAGE = 800.0
FIXED_PAGES = 1.5
# What other material costs, in body-word equivalents (a column line holds about 9 words).
NOTE_WORD_COST = 0.55  # 7.6 pt notes on 9.2 pt leading
HEADING_COST = 30
SUBHEADING_COST = 20
CHART_COST = 190  # a column-wide chart with a two-line caption
PROSE_WORDS_PER_NOTE = 170  # gives about 3.5 notes a page (a page holds about 690 words of prose)

# Text width in the print layout at 300 ppi: one column is 3.375 in, both columns 6.75 in.
DPI = 300
COLUMN_PX = 1012  # 3.373 in: column width, not wider (a figure over 1.05 x column spans)
SPAN_PX = 1980  # 6.6 in: wider than a column, inside the text width

CORPUS = """\
During a visit to the U.S.-Mexico border in November 2005, President George W. Bush announced a
comprehensive strategy on border security that would stem undocumented immigration to the United
States by preventing people from coming here in the first place. While some might find that idea
rhetorically appealing, the problem is that neither President Bush’s approach nor most of the
border-enforcement and immigration-reform proposals currently being considered in Washington, DC,
are truly comprehensive or adequate solutions to the issue of undocumented migration. In fact, some
of these proposals are counterproductive, such as the border-security bill passed by the House of
Representatives in December 2005 that would make the 10-12 million undocumented immigrants in the
country guilty of a federal crime and would authorize the construction of hundreds of miles of new
security fencing. Both the causes of undocumented migration and the solutions for it lie in the
larger, international economic and political structures that have been created in North America over
the past two decades. If undocumented immigration is to be effectively brought under control, these
structures must be reformed to address the modern realities of transnational terrorism,
globalization, and North American economic integration.

Yet, without such a labor accord, additional security measures along the U.S.-Mexico border will not
be successful in reducing undocumented migration to the United States. The historical lessons
learned from over a decade of putting massive new federal resources into border security indicate
that these kinds of unilateral solutions are, ultimately, unsuccessful. They do not deter people
from crossing the border, but only drive up smuggling costs and immigrant death rates as individuals
attempt to enter the United States through evermore dangerous areas. A far more promising solution
is bilateral and trilateral cooperation that fosters smarter border management which extends beyond
the physical U.S.-Mexico boundary—and includes a labor agreement. This sort of multilateral
cooperation is particularly important in an era where security threats, such as terrorism, extend
across North America’s collective borders.

The dominant neo-liberal school of economics predicts that stronger economic growth, greater
competitiveness, and heightened efficiency result when countries erase barriers to trade. This
theory underlies the free-trade policies that have come to define not only the larger process of
globalization, but one of the major trends in the international political economy of the post-World
War II era: regionalism—or the formation of regional economic blocs. From Asia to Europe to North
America, neighboring nations have banded together to integrate economically through free-trade and
common-market arrangements.

However, globalization and regionalism unleash powerful forces which restructure national economies
in often painful ways. As production, trade, and investment become increasingly transnational, the
economies of individual nations experience job displacements, outsourcing, factory relocations to
lower-wage markets, and the fraying of social service support nets. These trends have been
particularly disruptive among the countries of the developing world, which began the process of
integration into global and regional economies more recently than developed nations.

This process of restructuring under liberalized trade policies stimulates economic development in
the long run by promoting increased cross-border investment and improved efficiency. However, in
pointing to the economic benefits that come with the lowering of global and regional trade barriers,
economists often assume perfect market conditions. But the real world is rarely perfect. The
wealthier and more powerful nations within regional economic blocs, and within the global economy as
a whole, often impose non-tariff trade barriers and other protectionist measures which leave their
poorer and less powerful partners at an economic disadvantage. In the North American context, U.S.
restrictions on the movement of workers from Mexico to the United States are one manifestation of
such protectionism.

Yet labor migration is a predictable result of the process of economic development which is spurred
by integration into global and regional markets, at least in its initial stages. As the U.S.
Commission for the Study of International Migration and Cooperative Economic Development noted in
1990, the economic development process itself tends in the short to medium term to stimulate
migration Policies that accelerate economic growth, including privatization, land reform, and freer
trade, can produce a migration hump, or temporarily more migration. More recently, this point has
been persuasively argued by Douglas Massey, professor of Sociology and Public Affairs at Princeton
University and co-director of the Mexican Migration Project. Massey dispels several commonly-held
myths about international migration, including the idea that migrants originate in the
least-developed nations of the world. Rather, he points out, they tend to come from countries that
are developing and growing dynamically. As Massey asserts,

Since NAFTA was signed in 1994, it has become clear that the project of economic liberalization has
brought benefits to each NAFTA partner, including a tripling of trade and investment among the three
countries and greater regional competitiveness. However, the effects in Mexico have been uneven,
particularly in rural areas and among marginalized populations—groups that tend to migrate to the
United States. While NAFTA has increased relative wages for some skilled workers in Mexico, the
low-wage manufacturing sector has suffered. In addition, the rural poverty rate in Mexico has risen
during the NAFTA years and real manufacturing wages are some 11 percent lower than when the
agreement went into effect. Overall, since NAFTA was signed, the wage disparity in Mexico has
worsened. In short, NAFTA has not yet created enough formal sector jobs with competitive wages to
reduce out-migration pressures. The general economic asymmetry between the United States and Mexico
adds to this problem: the United States is a relatively accessible destination with generally higher
wages and a higher standard of living.

These structural economic forces are thus key reasons for increased migration to the United States.
Nearly matching the increase in U.S.-Mexico trade in the post-NAFTA period Figure 1, undocumented
Mexican migration to the United States has dramatically increased, from an average of 260,000 per
year during the 1990-94 period to approximately 485,000 per year in the 2000-2004 period Figure 2.
As Kathleen Newland, director of the Migration Policy Institute, notes, this migratory flow is part
of a historic restructuring of the Mexican economy comparable to America’s industrial revolution.
While domestic political and economic crises within Mexico contribute to the increased flow, the
larger international dynamics of North American economic integration also play an important role.
Given these trends, one can argue that a policy which integrates labor into the NAFTA treaty
deserves consideration—even 11 years after the signing of the agreement.

Regulating immigration from outside the EU was originally left to each nation, but more recently has
begun to involve cooperative, regional efforts. As Christina Boswell of the Migration Research Group
at the Hamburg Institute of International Economics asserts, there are two dimensions to the EU’s
external controls: strengthening traditional border-control policies at the external frontiers of
the EU, and addressing the causes of migration and refugee flows through development assistance.

Nonetheless, like the United States, EU nations—and the EU as a whole—have largely failed to solve
the problem of undocumented migration from developing countries. This, as Steven Castles, professor
of Migration and Refugee Studies at the University of Oxford, points out, is due in part to the
social dimensions of the migratory process such as family connections, political and economic
turmoil in immigrants’ home countries, the availability in many European nations of jobs that pay
higher wages than immigrants can earn at home, and policies that continue to define border security
as a matter for individual, national governments.

Measures such as these would not require the kind of open borders existing among EU nations, but the
creation of new policy tools such as a guest worker program and, eventually, a North American
immigration visa that would facilitate much needed Mexican participation in the labor markets of
Canada and the United States. While issues of trust and cooperation remain real obstacles, such an
accord would build upon progress initiated under the Security and Prosperity Partnership of North
America.

On March 23, 2005, the most recent chapter in the North American integration project was opened. On
that day, U.S. President George Bush, Mexican President Vicente Fox, and former Canadian Prime
Minister Paul Martin jointly announced the establishment of the SPP. While not a formal treaty, nor
a binding legal agreement, the SPP does create an international framework for trilateral and
bilateral cooperation within North America on issues related to national security and economic
prosperity. Three key principles underlie the SPP: improved security from external threats to North
America as a whole; strengthened internal security measures within each nation; and bolstered
economic growth for the region, particularly in the face of growing global competition.

On the prosperity front, the SPP’s major initiatives are 1 measures to improve productivity through
regulatory and business collaboration; 2 efforts to reduce the costs of trade by more efficiently
moving goods and people across borders; and 3 policies related to quality of life, such as
environmental protection, disease, and food safety. However, while the SPP facilitates movement of
the elite North American business class, it does not include immigrants, particularly those filling
less-skilled jobs. The SPP negotiators deliberately de-linked labor from the agreement for political
reasons, hoping not to forestall progress in other areas. Yet if the SPP is to be truly effective,
immigration cannot be ignored, even if it must be dealt with outside the NAFTA and SPP political
frameworks.

Action on both the security and prosperity agendas of the SPP occurs through a number of
inter-agency and bi- or tri-national working groups. Work thus occurs on multiple levels, across
inter-governmental lines, and across international borders with the goal of harmonizing regulatory
regimes. The related Smart Border Accords signed by the United States, Canada, and Mexico in 2001
and 2002 pursue similar goals, but do not address the larger policy questions confronted by the SPP.

Given the transnational nature of the economic and social forces which drive immigration to the
United States, incorporating labor migration into a comprehensive vision of North American
integration, as Robert Pastor, professor of International Relations at American University, has
advised, seems reasonable. Appropriate institutions need to be created to guide this process. Some
of the groundwork is in place, but effective solutions require big-picture thinking and political
courage. Specific policies might include more cooperative security arrangements with Mexico and
Canada and domestic efforts to regularize labor flows in a secure way. Solutions do not, however,
require open borders.

In addition, U.S. lawmakers should evaluate the lessons of the European experience—particularly the
dual approach of development assistance to reduce migratory pressures and strengthen regional border
control. Building on the cooperation fostered by NAFTA, the Smart Border accords, and the new SPP,
U.S. policymakers should engage Mexico and Canada in crafting bilateral and trilateral approaches to
border management and labor migration—approaches that will better serve both the economic and
security interests of all three NAFTA partners in the new transnational threat environment facing
the continent. Trust, particularly with Mexico, will undoubtedly remain a significant hurdle.
However, transnational criminal networks will continue to undermine border-control efforts as long
as these efforts are viewed exclusively as a national concern and are separated from complementary
policies on aid, trade, development, and governance.
"""

# Names, places and words with accents (Polish, Czech, Slovak, Spanish, German, Nordic, French,
# Hungarian, Turkish, Romanian, Baltic): more than a hundred distinct letters outside ASCII, so that
# font subsets fill up past code 0x80 as they do in real multilingual briefs.
PEOPLE = [
    "Agnieszka Wróblewska", "Wojciech Łukasiewicz", "Jiří Dvořák", "Kateřina Šťastná",
    "Bjørn Østergård", "Søren Møller", "José Núñez", "Begoña Ibáñez", "François Lefèvre",
    "Jürgen Müller", "Zbigniew Żółtowski", "Přemysl Černý", "María José Peña", "Łucja Gąsiorowska",
    "Håkon Brænne", "Renée Dubœuf", "Ľubomír Ďurčo", "Győző Szőke", "Şükrü Yıldız", "Ioana Țăranu",
    "Þórður Guðmundsson", "Rūta Šimkūnaitė", "Jēkabs Ozoliņš",
]
INSTITUTIONS = [
    "the University of Łódź", "Univerzita Karlova in Prague", "the Universidad Autónoma de Nuevo León",
    "the Institut für Weltwirtschaft in Kiel", "Københavns Universitet", "the Colegio de la Frontera Norte",
    "Masarykova univerzita in Brno", "the Jagiellonian University in Kraków",
]
PLACES = [
    "Kraków", "Łódź", "Gdańsk", "Wrocław", "Brno", "Plzeň", "Ústí nad Labem", "Ciudad Juárez",
    "Nuevo León", "Querétaro", "Zürich", "Tromsø", "Århus", "Malmö", "Düsseldorf", "São Paulo",
    "Győr", "Timișoara", "Şanlıurfa", "Klaipėda", "Žilina", "Reykjavík", "Brașov", "Daugavpils",
]
FOREIGN = [
    "*maquiladoras*", "*braceros*", "*remesas*", "*Gastarbeiter*", "the *ejido* system",
    "*de facto* amnesty", "*coyotes*", "the *raison d’être* of the accord", "*naïve* projections",
    "the *Länder*", "a *façade* of control",
]
ACRONYMS = ["NAFTA", "SPP", "EU", "INS", "OECD", "ILO", "CBP", "IRCA", "GDP", "UNHCR"]
JOURNALS = [
    "International Migration Review", "Journal of Ethnic and Migration Studies",
    "Population and Development Review", "Migraciones Internacionales", "Przegląd Polonijny",
    "Sociologický časopis", "Foreign Affairs",
]
PUBLISHERS = [
    ("New York", "Russell Sage Foundation"), ("Washington, DC", "Institute for International Economics"),
    ("Oxford", "Oxford University Press"), ("Praha", "Nakladatelství Karolinum"),
    ("Kraków", "Wydawnictwo Uniwersytetu Jagiellońskiego"), ("México, D.F.", "El Colegio de México"),
    ("Princeton", "Princeton University Press"),
]
TOPICS = [
    "LABOR MIGRATION", "BORDER ENFORCEMENT", "ECONOMIC INTEGRATION", "REMITTANCES", "GUEST WORKERS",
    "TRADE AND WAGES", "DEVELOPMENT ASSISTANCE", "REGIONAL SECURITY", "TEMPORARY VISAS",
    "RURAL POVERTY", "SMUGGLING NETWORKS", "LABOR MARKETS", "FREE MOVEMENT",
]
REGIONS = [
    "MEXICO", "CANADA", "THE EUROPEAN UNION", "POLAND AND THE CZECH REPUBLIC", "ŁÓDŹ AND BRNO",
    "THE U.S.-MEXICO BORDER", "NORTH AMERICA", "SPAIN AND PORTUGAL", "SCANDINAVIA",
]
SUBTOPICS = [
    "Seasonal work in Kraków and Wrocław", "What the 1986 amnesty taught", "Visas for professionals",
    "The cost of crossing", "Wages in Querétaro and Nuevo León", "A note on the data",
    "Remittances and rural credit", "Enforcement at the external frontier",
]
LONG_URLS = [
    "https://www.example.org/research/reports/2006/very-long-path-name/with-many-segments?query=abc&x=1",
    "https://www.example.org/publications/working-papers/2005/labor-mobility-in-north-america/full-text.pdf",
    "http://statistics.example.gov/yearbook/2004/table-34-nonimmigrant-admissions-by-class-of-admission.htm",
    "https://archive.example.net/migration/datasets/mexican-migration-project/mmp128/codebook?format=html&lang=es",
    "www.example.org/policy/briefs/in-focus/2006/nafta-labor-migration-and-the-security-and-prosperity-partnership",
]
SHORT_URLS = ["www.example.org", "https://www.example.org/data", "https://www.ipc.example.org/reports"]
EMAILS = ["research@example.org", "press.office@example.org"]


# --- text --------------------------------------------------------------------------------------
def _is_end(token: str) -> bool:
    """A token that ends a sentence (not an initial such as 'W.' or the 'D.F.' of México, D.F.)."""
    return token.endswith((".", "?", "!")) and not re.fullmatch(r"(?:[A-Z]\.)+", token)


class Markov:
    """An order-2 word chain with an occasional order-1 step, for variety over a small corpus."""

    def __init__(self, text: str, rng: random.Random) -> None:
        self.rng = rng
        self.next2: dict[tuple[str, str], list[str]] = defaultdict(list)
        self.next1: dict[str, list[str]] = defaultdict(list)
        self.starts: list[tuple[str, str]] = []
        for para in text.split("\n\n"):
            words = para.split()
            begin = True
            for i, w in enumerate(words):
                if begin and i + 1 < len(words) and w[0].isupper():
                    self.starts.append((w, words[i + 1]))
                begin = _is_end(w)
                if i + 1 < len(words):
                    self.next1[w].append(words[i + 1])
                if i + 2 < len(words):
                    self.next2[(w, words[i + 1])].append(words[i + 2])

    def sentence(self, low: int = 8, high: int = 40) -> list[str]:
        """One sentence of `low` to about `high` words, ending with its full stop."""
        for _attempt in range(200):
            a, b = self.rng.choice(self.starts)
            out = [a, b]
            while not _is_end(out[-1]) and len(out) < high * 2:
                options = self.next2.get((out[-2], out[-1]))
                if not options or self.rng.random() < 0.12:
                    options = self.next1.get(out[-1])
                if not options:
                    break
                out.append(self.rng.choice(options))
            if _is_end(out[-1]) and low <= len(out) <= high:
                return out
        out[-1] = out[-1].rstrip(",;:") + "."
        return out


@dataclass
class Notes:
    """Footnote definitions, numbered in order of first reference (label = number)."""

    texts: list[str] = field(default_factory=list)
    reused: set[int] = field(default_factory=set)  # notes referred to a second time

    def add(self, text: str) -> str:
        self.texts.append(text)
        return f"[^{len(self.texts)}]"


class Writer:
    """Builds the manuscript block by block and keeps the page budget."""

    def __init__(self, pages: int, seed: int, figures: Path) -> None:
        self.rng = random.Random(seed)
        self.text = Markov(CORPUS, self.rng)
        self.pages = pages
        self.figures = figures
        self.notes = Notes()
        self.blocks: list[str] = []
        self.cost = 0.0
        self.budget = max(1.0, pages - FIXED_PAGES) * WORDS_PER_PAGE
        self.words_per_note = PROSE_WORDS_PER_NOTE
        self.since_note = self.rng.uniform(0, self.words_per_note)
        self.figure_count = 0
        self.url_count = 0

    # -- inline material --------------------------------------------------------------------------
    def _note_text(self) -> str:
        r = self.rng
        kind = r.random()
        person = r.choice(PEOPLE)
        year = r.randint(1988, 2006)
        if kind < 0.30:
            city, publisher = r.choice(PUBLISHERS)
            title = " ".join(self.text.sentence(5, 12)).rstrip(".").replace("*", "")
            text = f"{person}, *{title}*. {city}: {publisher}, {year}, p. {r.randint(2, 340)}."
        elif kind < 0.55:
            title = " ".join(self.text.sentence(5, 14)).rstrip(".")
            first = r.randint(1, 400)
            text = (f"{person}, \"{title},\" *{r.choice(JOURNALS)}* {r.randint(3, 40)}({r.randint(1, 4)}), "
                    f"{year}: {first}–{first + r.randint(3, 30)}.")
        elif kind < 0.65:
            text = f"Ibid., p. {r.randint(2, 120)}."
        elif kind < 0.78:
            url = r.choice(LONG_URLS)
            self.url_count += 1
            text = (f"{r.choice(ACRONYMS)} data, available at {url} (accessed "
                    f"{r.randint(1, 28)} {r.choice(['January', 'March', 'June', 'November'])} {year}).")
        else:  # a long note: a citation and a discussion of several lines
            city, publisher = r.choice(PUBLISHERS)
            body = " ".join(" ".join(self._decorate(self.text.sentence(10, 32), notes=False))
                            for _ in range(r.randint(2, 5)))
            text = f"See {person}, *{r.choice(JOURNALS)}*, {year}. {body}"
        self.cost += len(text.split()) * NOTE_WORD_COST
        return text

    def _ref(self) -> str:
        """A footnote reference: a new note, or now and then the reuse of an earlier one."""
        recent = [k for k in range(max(1, len(self.notes.texts) - 12), len(self.notes.texts) + 1)
                  if k not in self.notes.reused]
        if recent and len(self.notes.reused) < max(3, self.pages // 12) and self.rng.random() < 0.04:
            self.notes.reused.add(k := self.rng.choice(recent))
            return f"[^{k}]"
        return self.notes.add(self._note_text())

    def _span(self, tokens: list[str], used: set[int], low: int, high: int) -> tuple[int, int] | None:
        """A free run of `low`..`high` words inside the sentence, not its first or last word."""
        n = len(tokens)
        if n < high + 3:
            return None
        for _ in range(6):
            length = self.rng.randint(low, high)
            i = self.rng.randint(1, n - length - 1)
            j = i + length - 1
            if not any(k in used for k in range(i - 1, j + 2)):
                if all(re.search(r"\w", tokens[k]) for k in (i, j)):
                    used.update(range(i, j + 1))
                    return i, j
        return None

    @staticmethod
    def _wrap(tokens: list[str], i: int, j: int, left: str, right: str) -> None:
        """Put markup around tokens i..j, keeping trailing punctuation outside it."""
        tokens[i] = left + tokens[i]
        m = re.match(r"^(.*?)([,.;:?!]*)$", tokens[j])
        assert m is not None
        tokens[j] = m.group(1) + right + m.group(2)

    def _decorate(self, tokens: list[str], notes: bool = True) -> list[str]:
        """Sprinkle a sentence with markup, names, numbers, dashes, quotes, URLs and note refs."""
        r = self.rng
        tokens = list(tokens)
        used: set[int] = set()
        if r.random() < 0.13 and (s := self._span(tokens, used, 2, 4)):
            self._wrap(tokens, *s, "*", "*")
        if r.random() < 0.05 and (s := self._span(tokens, used, 1, 3)):
            self._wrap(tokens, *s, "**", "**")
        if r.random() < 0.06 and (s := self._span(tokens, used, 3, 7)):
            self._wrap(tokens, *s, '"', '"')
        if r.random() < 0.03 and (s := self._span(tokens, used, 2, 5)):
            self._wrap(tokens, *s, "[", f"]({r.choice(LONG_URLS[:3] + SHORT_URLS[1:])})")
        inserts: list[tuple[int, str]] = []  # (after token index, text)
        n = len(tokens)
        if r.random() < 0.07 and n > 6:
            clause = r.choice([f"as {r.choice(PEOPLE)} of {r.choice(INSTITUTIONS)} argues",
                               f"in {r.choice(PLACES)} as much as in {r.choice(PLACES)}",
                               f"and the {r.choice(ACRONYMS)} figures bear this out",
                               f"notably among {r.choice(FOREIGN)}"])
            inserts.append((r.randint(2, n - 3), f"—{clause}—"))
        if r.random() < 0.08:
            a = r.randint(1990, 2003)
            number = r.choice([
                f"by {r.randint(2, 40)}.{r.randint(0, 9)} percent between {a} and {a + r.randint(2, 3)}",
                f"from {r.randint(100, 399)},{r.randint(0, 999):03d} to {r.randint(400, 899)},{r.randint(0, 999):03d} a year",
                f"in {a}–{str(a + 4)[2:]}", f"at ${r.randint(1, 9)}.{r.randint(1, 9)} billion",
                f"in {r.randint(12, 31)} of the 32 Mexican states",
                f"(*n* = {r.randint(1, 9)},{r.randint(100, 999)})",
            ])
            inserts.append((n - 1, number))
        if r.random() < 0.10:
            inserts.append((n - 1, r.choice([f"in {r.choice(PLACES)}", f"for {r.choice(PEOPLE)}",
                                             f"in **{r.choice(PLACES)}**", f"for ***{r.choice(PEOPLE)}***",
                                             r.choice(FOREIGN), f"under the {r.choice(ACRONYMS)} rules"])))
        if r.random() < 0.035:
            self.url_count += 1
            inserts.append((n - 1, f"(see {r.choice(LONG_URLS + SHORT_URLS[:1])})"))
        if r.random() < 0.004:
            inserts.append((n - 1, f"(write to {r.choice(EMAILS)})"))
        if r.random() < 0.03 and n > 8:
            inserts.append((r.randint(3, n - 3), "– that is, in the short run –"))
        for after, text in sorted(inserts, reverse=True):
            if after == n - 1:  # before the full stop
                m = re.match(r"^(.*[^.?!])([.?!]+)$", tokens[-1])
                if m and "." not in m.group(1) and not re.search(r"[)\]*\"]", m.group(1)):
                    tokens[-1] = f"{m.group(1)} {text}{m.group(2)}"
            elif text.startswith("—"):  # an aside set closed up, as in the sample: "boundary—and includes"
                if re.search(r"[\w’]$", tokens[after]) and re.match(r"\w", tokens[after + 1]):
                    tokens[after] += text + tokens.pop(after + 1)
            else:
                tokens.insert(after + 1, text)
        if notes:
            self.since_note += len(tokens)
            if self.since_note >= self.words_per_note:
                self.since_note = self.rng.uniform(-0.3, 0.3) * self.words_per_note
                tokens[-1] += self._ref()
        return tokens

    def sentences(self, words: int, notes: bool = True) -> str:
        """Decorated sentences adding up to about `words` words, as one line of Markdown."""
        out: list[str] = []
        count = 0
        while count < words:
            high = max(8, min(40, words - count + 6))
            tokens = self._decorate(self.text.sentence(min(8, high), high), notes=notes)
            out.append(" ".join(tokens))
            count += len(tokens)
        self.cost += count
        return " ".join(out)

    # -- blocks -----------------------------------------------------------------------------------
    def paragraph(self, words: int) -> None:
        self.blocks.append(self.sentences(words))

    def tiny_paragraph(self, words: int) -> None:
        """A one- or two-line paragraph: a short sentence, possibly with a note."""
        tokens = self._decorate(self.text.sentence(max(4, words - 3), words + 2))
        self.blocks.append(" ".join(tokens))
        self.cost += max(9, len(tokens))

    def quote(self) -> None:
        r = self.rng
        paras = [self.sentences(r.randint(35, 110)) for _ in range(1 if r.random() < 0.75 else 2)]
        if r.random() < 0.5 and "[^" not in paras[-1]:
            paras[-1] += self._ref()
        self.blocks.append("\n>\n".join("> " + p for p in paras))
        self.cost += 15

    def bullet_list(self) -> None:
        r = self.rng
        ordered = r.random() < 0.5
        items = []
        for k in range(r.randint(3, 6)):
            body = self.sentences(r.randint(10, 45))
            if not ordered and r.random() < 0.5:
                lead = " ".join(self.text.sentence(3, 40)[:r.randint(2, 3)]).strip(",.;:")
                lead = lead[0].upper() + lead[1:]
                body = f"**{lead}.** {body}"
            items.append(f"{k + 1}. {body}" if ordered else f"- {body}")
        self.blocks.append("\n".join(items))
        self.cost += 15 + 6 * len(items)

    def heading(self, level: int) -> None:
        r = self.rng
        if level == 2:
            a, b = r.sample(TOPICS, 2)
            title = r.choice([f"{a} AND {b}", f"{a} IN {r.choice(REGIONS)}", f"LESSONS FROM {r.choice(REGIONS)}",
                              f"{a}: THE CASE OF {r.choice(REGIONS)}",
                              f"{a}, {b}, AND THE FUTURE OF {r.choice(REGIONS)} AFTER A DECADE OF NAFTA"])
            self.cost += HEADING_COST
        else:
            title = r.choice(SUBTOPICS)
            self.cost += SUBHEADING_COST
        self.blocks.append(f"{'#' * level} {title}")

    def figure(self, kind: str) -> None:
        """A figure paragraph, with its file written to figures/; `kind` is bar, line, png, grey, small or span."""
        self.figure_count += 1
        n = self.figure_count
        r = self.rng
        start = r.randint(1990, 1996)
        if kind in ("bar", "line"):
            name = f"figure-{n}.csv"
            self._chart_csv(self.figures / name, kind, start)
            series = "remittances" if kind == "line" else "migrants by region"
            caption = (f"Figure {n}: {series.capitalize()}, {start}–{start + 10}, "
                       f"{r.choice(['thousands', 'millions of dollars', 'percent of GDP'])}. "
                       f"Source: {r.choice(['Główny Urząd Statystyczny', 'Český statistický úřad', 'INEGI', 'Eurostat'])}; "
                       f"{r.choice(PEOPLE)}.")
            title = ' "line"' if kind == "line" else ""
            self.cost += CHART_COST
        else:
            name = f"figure-{n}.png"
            width_in = self._raster(self.figures / name, kind)
            caption = (f"Figure {n}: {'Border crossings' if kind == 'span' else 'Origin municipalities'} "
                       f"of migrants surveyed in {r.choice(PLACES)} and {r.choice(PLACES)}, {start}–{start + 9}.")
            self.cost += (72 * width_in / 243) * CHART_COST * (0.9 if kind != "span" else 1.0)
            # a raster image needs the writer's description (a chart is described from its data)
            alt = f"A shaded map of the places migrants surveyed in {start}–{start + 9} came from"
            self.blocks.append(f'![{caption}](figures/{name}){{alt="{alt}"}}')
            return
        self.blocks.append(f"![{caption}](figures/{name}{title})")

    def _chart_csv(self, path: Path, kind: str, start: int) -> None:
        r = self.rng
        nseries = r.choice([1, 1, 2, 3])
        names = r.sample(["Mexico", "Canada", "Poland", "Czech Republic", "Spain", "Norway"], nseries)
        if kind == "line":
            cats = [str(y) for y in range(start, start + 11)]
        else:
            cats = r.sample(PLACES, r.randint(3, 7))
        rows = [["year" if kind == "line" else "region"] + [f"{s} ({'thousands' if kind == 'bar' else 'US$ m'})"
                                                             for s in names]]
        level = [r.uniform(50, 900) for _ in names]
        for c in cats:
            row = [c]
            for k in range(nseries):
                level[k] *= r.uniform(0.9, 1.2) if kind == "line" else r.uniform(0.4, 1.6)
                v = level[k]
                row.append(f"{v:,.0f}" if v > 1000 and r.random() < 0.5 else f"{v:.1f}")
            rows.append(row)
        with path.open("w", encoding="utf-8", newline="") as f:
            import csv

            csv.writer(f, lineterminator="\n").writerows(rows)

    def _raster(self, path: Path, kind: str) -> float:
        """Draw a map-like raster with Pillow, with its resolution in the file; returns its width in inches."""
        from PIL import Image, ImageDraw

        r = self.rng
        width, height, mode = {
            "png": (COLUMN_PX, 640, "RGB"),
            "grey": (COLUMN_PX, 760, "L"),
            "small": (600, 450, "RGBA"),
            "span": (SPAN_PX, 700, "RGB"),
        }[kind]
        im = Image.new("RGB", (width, height), (236, 240, 246))
        draw = ImageDraw.Draw(im)
        for y in range(0, height, 4):  # a soft vertical gradient
            shade = 246 - 40 * y // height
            draw.rectangle([0, y, width, y + 3], fill=(shade - 20, shade - 8, shade))
        for _ in range(60):  # "municipalities"
            cx, cy = r.randrange(width), r.randrange(height)
            rad = r.randint(height // 40, height // 8)
            pts = [(cx + rad * math.cos(a) * r.uniform(0.6, 1.2), cy + rad * math.sin(a) * r.uniform(0.6, 1.2))
                   for a in [k * math.tau / 7 for k in range(7)]]
            tone = r.randint(0, 3)
            draw.polygon(pts, fill=[(0, 51, 102), (222, 120, 30), (120, 150, 200), (160, 160, 160)][tone],
                         outline=(255, 255, 255))
        for _ in range(8):  # "routes"
            pts = [(r.randrange(width), r.randrange(height)) for _ in range(5)]
            draw.line(pts, fill=(180, 20, 20), width=max(3, width // 300))
        if mode == "L":
            im = im.convert("L")
        elif mode == "RGBA":
            im = im.convert("RGBA")
            alpha = Image.new("L", im.size, 255)
            ImageDraw.Draw(alpha).rectangle([0, 0, width // 8, height], fill=0)  # a transparent margin
            im.putalpha(alpha)
        im.save(path, format="PNG", dpi=(DPI, DPI))
        return width / DPI


def _front_matter(w: Writer, pages: int, seed: int) -> str:
    """Every front-matter key of the contract, with YAML comments (which must be ignored)."""
    r = w.rng
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a JSON string is a YAML double-quoted scalar
    abstract = [w.sentences(r.randint(60, 80), notes=False), w.sentences(r.randint(30, 50), notes=False)]
    lines = [
        "---",
        f"# Generated by bench/longbrief.py (pages={pages}, seed={seed}); do not edit, regenerate.",
        "# Markov text over the sample brief: it reads like English but says nothing.",
        f"title: {q('Labor Mobility, Border Management, and Regional Integration in North America and Europe, 1990–2006')}",
        f"subtitle: {q('What Kraków, Brno and Ciudad Juárez can teach the NAFTA partners — a long brief for testing')}",
        'series: "In Focus"',
        'publisher: "Immigration Policy Center"',
        'division: "A division of the American Immigration Law Foundation"',
        'date: "March 2006"',
        'volume: "5"',
        'issue: "2"',
        "authors:",
        *[f"  - {q(a)}" for a in ("Agnieszka Wróblewska", "Jiří Dvořák", "María José Peña Núñez")],
        "abstract: |-",
        *[f"  {p}" if p else "" for p in (abstract[0], "", abstract[1])],
        f"keywords: [{', '.join(q(k) for k in ('labor migration', 'NAFTA', 'European Union', 'remittances', 'Łódź'))}]",
        'lang: "en-US"',
        "contact:",
        '  - "918 F Street, NW, 6th Floor; Washington, DC 20004"',
        '  - "P: (202) 742-5600 · F: (202) 742-5619"',
        '  - "email: ipc@example.org · website: www.immigrationpolicy.example.org"',
        "colophon:",
        '  copyright: "© Copyright 2006 by the American Immigration Law Foundation."',
        '  other_publications: "Other recent publications from the IPC are available on our website: www.immigrationpolicy.example.org"',
        '  about_heading: "ABOUT THE FOUNDATION…"',
        "  about:",
        *[f"    - {q(w.sentences(r.randint(35, 60), notes=False).replace('*', ''))}" for _ in range(3)],
        "  contacts:",
        '    - ["Immigration Policy Center", "918 F Street, NW, 6th Floor", "Washington, DC 20004", "P: (202) 742-5600"]',
        '    - ["American Immigration Law Foundation", "918 F Street, NW, 6th Floor, Washington, DC 20004", "website: www.ailf.example.org"]',
        '    - ["Centrum Badań nad Migracjami", "ul. Żółkiewskiego 12, 90-214 Łódź", "email: cbm@example.pl"]',
        "---",
    ]
    return "\n".join(lines)


def _body(w: Writer) -> None:
    """Sections until the page budget is spent, with the figures spread through the text."""
    r = w.rng
    # figures at fractions of the budget: charts about every 4 pages, plus four rasters
    n_charts = max(2, round(w.pages / 4))
    plan = [((k + 0.6) / (n_charts + 0.5), "line" if k % 2 else "bar") for k in range(n_charts)]
    plan += [(0.22, "png"), (0.45, "span"), (0.62, "grey"), (0.82, "small")]
    plan.sort()
    long_every = max(1, w.pages // 3) * WORDS_PER_PAGE  # a very long paragraph about every third of the brief
    next_long = 0.3 * long_every
    section = 0
    for k in range(r.randint(2, 3)):  # the opening, before the first heading
        w.paragraph(r.randint(70, 140))
    while w.cost < w.budget:
        section += 1
        w.heading(2)
        end = w.cost + r.uniform(500, 1600)
        sub_done = section % 4 != 2
        while w.cost < end and w.cost < w.budget:
            if plan and w.cost >= plan[0][0] * w.budget:
                w.paragraph(r.randint(25, 60))  # the paragraph that refers to the figure
                w.blocks[-1] += f" Figure {w.figure_count + 1} shows the series."
                w.figure(plan.pop(0)[1])
                continue
            if not sub_done and w.cost > end - 450:
                w.heading(3)
                sub_done = True
            roll = r.random()
            if w.cost >= next_long:
                w.paragraph(r.randint(320, 420))
                next_long += long_every
            elif roll < 0.06:
                w.tiny_paragraph(r.randint(5, 7))  # one line
            elif roll < 0.12:
                w.tiny_paragraph(r.randint(12, 17))  # two lines
            elif roll < 0.19:
                w.quote()
            elif roll < 0.25:
                w.bullet_list()
            else:
                w.paragraph(int(r.triangular(40, 220, 110)))
    while plan:  # figures the budget ran out before
        w.figure(plan.pop(0)[1])


def write_long_brief(folder: Path, pages: int = 70, seed: int = 0) -> Path:
    """Write `folder`/brief.md and `folder`/figures/ for a brief of about `pages` print pages; return `folder`."""
    folder = Path(folder)
    figures = folder / "figures"
    figures.mkdir(parents=True, exist_ok=True)
    for old in figures.glob("figure-*.*"):  # figures of an earlier, longer brief
        old.unlink()
    w = Writer(pages, seed, figures)
    front = _front_matter(w, pages, seed)
    _body(w)
    notes = [f"[^{k}]: {text}" for k, text in enumerate(w.notes.texts, 1)]
    text = front + "\n\n" + "\n\n".join(w.blocks) + "\n\n" + "\n".join(notes) + "\n"
    (folder / "brief.md").write_text(text, encoding="utf-8")
    return folder


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Write a long generated brief (brief.md + figures/).")
    parser.add_argument("folder", type=Path, help="folder to write, e.g. build/long-brief")
    parser.add_argument("--pages", type=int, default=70, help="about how many print pages (default 70)")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    out = write_long_brief(args.folder, args.pages, args.seed)
    text = (out / "brief.md").read_text(encoding="utf-8")
    notes = len(re.findall(r"^\[\^\d+\]:", text, re.M))
    figures = len(list((out / "figures").iterdir()))
    print(f"wrote {out}/brief.md ({len(text.split())} words, {notes} notes, {figures} figures)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

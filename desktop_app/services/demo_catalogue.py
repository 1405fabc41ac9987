"""Sample content for `gigdesk demo`: gigs, packages, buyers, messages.

Plain tuples, built once at import and reused for every generated order, so
generating 100,000 orders allocates almost nothing per order but the order.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop_app.domain.order import IN_SCOPE, OUT_OF_SCOPE, UNCLEAR


@dataclass(frozen=True)
class Package:
    name: str
    usd_minor: int
    days: int
    revisions: int | None  # None: unlimited
    scope: tuple[str, ...]


@dataclass(frozen=True)
class Gig:
    category: str
    title: str
    files: tuple[str, ...]  # names a delivery of this gig carries
    packages: tuple[Package, Package, Package]
    # Revision points: (text, verdict, index of the scope item it matches or None, reason)
    points: tuple[tuple[str, str, int | None, str], ...]


def _gig(category, title, files, basic, standard, premium, points) -> Gig:
    packs = tuple(Package(name, *spec) for name, spec in
                  zip(("Basic", "Standard", "Premium"), (basic, standard, premium), strict=True))
    return Gig(category, title, files, packs, points)


IN, OUT = IN_SCOPE, OUT_OF_SCOPE

GIGS: tuple[Gig, ...] = (
    _gig("Logo design", "I will design a minimalist logo for your brand",
         ("logo_final.png", "logo_vector.ai", "logo_vector.svg", "brand_colors.pdf"),
         (45_00, 3, 1, ("2 logo concepts", "High-resolution PNG")),
         (120_00, 3, 2, ("3 logo concepts", "Vector source file", "High-resolution PNG")),
         (250_00, 5, None, ("5 logo concepts", "Vector source file", "Stationery design",
                            "Social media kit")),
         (("Make the blue a bit darker", IN, 0, "refines a delivered concept"),
          ("Can you also send the SVG file", IN, 1, "the vector source file is included"),
          ("Design business cards too", OUT, None, "stationery is not in this package"),
          ("It doesn't feel right yet", UNCLEAR, None, "ask what should change"))),
    _gig("Web development", "I will build a responsive WordPress website",
         ("site_export.zip", "theme_child.zip", "handover_notes.pdf"),
         (150_00, 5, 1, ("1 page", "Responsive design", "Contact form")),
         (400_00, 10, 2, ("5 pages", "Responsive design", "Contact form", "Speed optimization")),
         (900_00, 14, 3, ("10 pages", "E-commerce functionality", "Payment integration",
                          "Speed optimization")),
         (("The contact form does not send emails", IN, 2, "the contact form is in scope"),
          ("Fix the menu on mobile", IN, 1, "responsive design is included"),
          ("Add a blog with 20 posts imported", OUT, None, "content migration is new work"),
          ("Make it pop more", UNCLEAR, None, "ask for examples"))),
    _gig("Article writing", "I will write SEO blog posts and articles",
         ("article_final.docx", "article_final.pdf", "keyword_report.xlsx"),
         (25_00, 2, 1, ("500 words", "1 topic research")),
         (60_00, 3, 2, ("1000 words", "Keyword research", "Meta description")),
         (140_00, 5, 3, ("2000 words", "Keyword research", "Meta description", "2 images")),
         (("Use a more casual tone in the intro", IN, 0, "rewording the delivered text"),
          ("Add the keyword 'best running shoes'", IN, 1, "keyword work is included"),
          ("Write a second article on trail shoes", OUT, None, "a new article is new work"),
          ("Not what I expected", UNCLEAR, None, "ask which part misses"))),
    _gig("Video editing", "I will edit your YouTube videos professionally",
         ("final_cut.mp4", "thumbnail.png", "project_files.zip"),
         (40_00, 2, 1, ("Up to 5 minutes of footage", "Color correction")),
         (95_00, 3, 2, ("Up to 15 minutes of footage", "Color correction", "Motion titles")),
         (220_00, 5, 3, ("Up to 30 minutes of footage", "Color correction", "Motion titles",
                         "Custom thumbnail")),
         (("Cut the pause at 02:14", IN, 0, "editing the supplied footage"),
          ("Warmer colors in the outdoor scenes", IN, 1, "color correction is included"),
          ("Add an animated intro with my logo", OUT, None, "a logo animation is new work"),
          ("The pacing feels off", UNCLEAR, None, "ask which parts drag"))),
    _gig("Voice over", "I will record a warm American male voice over",
         ("voiceover.wav", "voiceover.mp3"),
         (30_00, 1, 1, ("60 seconds of voice over", "WAV file")),
         (75_00, 2, 2, ("150 words", "WAV file", "Background music")),
         (180_00, 3, 3, ("500 words", "WAV file", "Background music", "Commercial rights")),
         (("Say the brand name slower", IN, 0, "a retake of the delivered script"),
          ("Lower the background music", IN, 2, "music mixing is included"),
          ("Record a Spanish version", OUT, None, "another language is new work"),
          ("Sounds a bit flat", UNCLEAR, None, "ask for a reference read"))),
    _gig("Data entry", "I will do fast and accurate data entry in Excel",
         ("data_clean.xlsx", "data_clean.csv"),
         (15_00, 1, 1, ("100 rows", "Excel file")),
         (40_00, 2, 2, ("500 rows", "Excel file", "Duplicate removal")),
         (90_00, 4, 3, ("2000 rows", "Excel file", "Duplicate removal", "Formatting")),
         (("Row 212 has a typo in the email", IN, 0, "accuracy of the entered rows"),
          ("Remove the remaining duplicates", IN, 2, "duplicate removal is included"),
          ("Also scrape 1000 more leads", OUT, None, "more rows are new work"),
          ("Some data looks wrong", UNCLEAR, None, "ask which rows"))),
    _gig("Translation", "I will translate English to German and French",
         ("translation_de.docx", "translation_fr.docx"),
         (20_00, 1, 1, ("500 words", "1 language")),
         (55_00, 2, 2, ("1500 words", "1 language", "Proofreading")),
         (130_00, 4, 3, ("4000 words", "2 languages", "Proofreading", "Glossary")),
         (("Use 'Sie' instead of 'du'", IN, 0, "register of the delivered translation"),
          ("Proofread the headings again", IN, 2, "proofreading is included"),
          ("Translate the website too", OUT, None, "more words are new work"),
          ("My colleague thinks it reads oddly", UNCLEAR, None, "ask for the passages"))),
    _gig("Social media", "I will manage your Instagram and create posts",
         ("content_calendar.xlsx", "posts.zip", "captions.docx"),
         (35_00, 3, 1, ("5 posts", "Captions")),
         (90_00, 5, 2, ("15 posts", "Captions", "Hashtag research")),
         (200_00, 7, 3, ("30 posts", "Captions", "Hashtag research", "3 reels")),
         (("Change the font on post 3", IN, 0, "adjusting a delivered post"),
          ("Shorter captions please", IN, 1, "captions are included"),
          ("Run the ads for me as well", OUT, None, "ad management is new work"),
          ("Not on brand", UNCLEAR, None, "ask for the brand guide"))),
    _gig("Presentation design", "I will design a professional PowerPoint presentation",
         ("deck_final.pptx", "deck_final.pdf", "icons.zip"),
         (30_00, 2, 1, ("5 pages", "Custom template")),
         (80_00, 3, 2, ("15 pages", "Custom template", "Infographics")),
         (180_00, 5, None, ("30 pages", "Custom template", "Infographics", "Speaker notes")),
         (("Swap slides 4 and 5", IN, 0, "arranging the delivered pages"),
          ("Make the chart on page 7 an infographic", IN, 2, "infographics are included"),
          ("Write the content for the slides", OUT, None, "copywriting is new work"),
          ("Make it look more premium", UNCLEAR, None, "ask for reference decks"))),
)

# Buyers by country: (currency they pay in, usernames' first parts).
COUNTRIES: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("US", "USD", ("mike", "jessica", "tyler", "ashley", "brandon", "megan", "jordan")),
    ("US", "USD", ("chris", "amanda", "kevin", "sarah", "danielr", "lauren")),
    ("DE", "EUR", ("lukas", "anna", "felix", "lena", "jonas", "marie")),
    ("FR", "EUR", ("camille", "louis", "chloe", "hugo", "manon")),
    ("ES", "EUR", ("maria", "javier", "lucia", "pablo")),
    ("GB", "GBP", ("oliver", "amelia", "harry", "isla", "george")),
    ("CA", "CAD", ("liam", "emma", "noah", "olivia")),
    ("AU", "AUD", ("jack", "charlotte", "cooper", "matilda")),
    ("IN", "INR", ("arjun", "priya", "rahul", "ananya", "vikram")),
    ("NG", "USD", ("chidi", "amaka", "tunde")),
    ("BR", "USD", ("joao", "beatriz", "rafael")),
    ("AE", "USD", ("omar", "fatima", "khalid")),
)
COUNTRY_WEIGHTS = (30, 22, 8, 5, 4, 8, 5, 5, 5, 3, 3, 2)
USERNAME_TAILS = ("_k", "_design", "studio", "88", "_co", "media", "_official", "2024", "_hq",
                  "_j", "creates", "_biz", "01", "_shop", "x")

# Price in each currency for one USD minor unit, as a fraction (no floats), and the
# step prices are rounded to (a whole 5 in that currency).
RATES = {"USD": (1, 1), "EUR": (92, 100), "GBP": (79, 100), "CAD": (136, 100),
         "AUD": (152, 100), "INR": (83, 1)}
ROUND_TO = {"USD": 5_00, "EUR": 5_00, "GBP": 5_00, "CAD": 5_00, "AUD": 5_00, "INR": 100_00}



def price_in(usd_minor: int, currency: str) -> int:
    """A USD list price in `currency`, rounded to that currency's price step."""
    num, den = RATES[currency]
    step = ROUND_TO[currency]
    return max(step, (usd_minor * num // den + step // 2) // step * step)


DELIVERY_MESSAGES = (
    "Hi {buyer}, your order is ready! Please review the files and let me know if anything "
    "needs a change.",
    "Hello {buyer}, here is the delivery for your {category} order. Thanks for your patience!",
    "Hi {buyer}, all done. I've included every file from the package; happy to adjust.",
)
REDELIVERY_MESSAGES = (
    "Hi {buyer}, I've made the changes you asked for. Please have a look.",
    "Updated version attached with your feedback applied. Thank you for the clear notes!",
)
REVISION_OPENERS = ("Thanks, looks good overall but a few things:", "Hi, some changes please:",
                    "Almost there!", "Could you adjust these points?")
NOTES = (
    "Repeat buyer, prefers short updates.",
    "Buyer is in a different time zone: reply in the morning.",
    "Asked for the source files in a ZIP.",
    "Send a draft halfway through.",
    "Very detailed brief; check the attachment twice.",
    "Mentioned a bigger project next month.",
)
EXTENSION_REASONS = ("The buyer sent new reference files late",
                     "Waiting on the buyer's brand assets", "More pages than the brief said")
EXTRAS = (("Extra revision", 10_00, 1), ("Express 24h delivery", 20_00, 0),
          ("Source files", 15_00, 0), ("Additional concept", 25_00, 2))
REFUND_REASONS = ("Part of the package could not be delivered",
                  "Goodwill discount for the delay")
SELLER_CANCEL_REASONS = ("The request is outside my expertise", "I fell ill and cannot deliver",
                         "The buyer asked for something against the terms of service")
BUYER_CANCEL_REASONS = ("Ordered the wrong package", "Changed my mind before sending details",
                        "The order is very late")
MUTUAL_REASONS = ("We agreed the scope needs a different package",
                  "The buyer's project was put on hold")
SUPPORT_REASONS = ("Ordered by mistake; support exempted it", "Fraudulent payment reversed")
# What buyers write with their rating, by stars (5 first).
REVIEWS = {
    5: ("Outstanding work, delivered exactly what I needed.", "Fast, friendly and precise. "
        "Will order again!", "Exceeded my expectations.", ""),
    4: ("Good work; one round of changes and it was right.", "Solid result, a bit slow to "
        "reply.", ""),
    3: ("OK in the end, but it took several revisions.", ""),
    2: ("Not what I asked for; the revision helped a little.",),
    1: ("Missed the brief entirely.",),
}
STAR_WEIGHTS = (5, 4, 3, 2, 1), (70, 20, 6, 3, 1)
TIPS_USD_MINOR = (5_00, 10_00, 10_00, 15_00, 20_00, 25_00)

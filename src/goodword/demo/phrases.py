"""Templates and vocabulary the demo's posts are written from.

Slots: ``{p}`` a product mention (name or alias), ``{p2}`` another product, ``{issue}`` a
problem and ``{fix}`` a remedy for the thread's scenario, ``{mistake}`` what the company got
wrong, ``{at}`` the handle a reply addresses, ``{brand}`` the brand account, ``{name}`` a
first name, ``{e}`` an optional emoji. No template may contain a product name or alias on
its own: products enter posts only through ``{p}`` and ``{p2}``.
"""

from __future__ import annotations

ISSUES: dict[str, tuple[str, ...]] = {
    "brewing/grind-size": (
        "my coffee runs through way too fast even with a fine grind",
        "the grind comes out really uneven",
        "I can't find a grind size that works for pour-over",
        "the grounds are clumpy and the coffee tastes sour",
        "the grind seems to drift after a few days",
    ),
    "brewing/recipe": (
        "every brew tastes bitter",
        "the coffee comes out weak and watery",
        "I'm not sure how much coffee to use per cup",
        "the bloom never looks right",
        "my cups taste flat compared to the café",
    ),
    "maintenance/descaling": (
        "there's white scale all over the inside",
        "the descale light won't turn off",
        "it has become loud and slow to heat",
        "the water tastes metallic lately",
        "it beeps about descaling every single day",
    ),
    "setup/app-pairing": (
        "it won't pair with the app",
        "the app keeps saying device not found",
        "bluetooth drops every few minutes",
        "I can't get it onto my wifi",
        "the app shows it offline all the time",
    ),
    "orders/shipping": (
        "my order still hasn't shipped after a week",
        "tracking hasn't moved in five days",
        "the box arrived crushed",
        "I received the wrong colour",
        "the parcel says delivered but nothing came",
    ),
    "repair/warranty": (
        "it stopped working after two months",
        "it makes a loud rattling noise now",
        "a part snapped off after a few weeks",
        "it won't switch on any more",
        "it arrived with a crack in the body",
    ),
    "billing/refund": (
        "I was charged twice for one order",
        "I'm still waiting on my refund",
        "the discount code didn't apply at checkout",
        "I got billed again after cancelling",
        "the invoice shows the wrong amount",
    ),
}

FIXES: dict[str, tuple[str, ...]] = {
    "brewing/grind-size": (
        "go three clicks finer and zero the burrs again",
        "zero the burrs: turn the dial until they just touch, then back off two steps",
        "start at setting 14 for pour-over and move one step at a time",
        "clean the burrs with a brush, old oils make the grind clump",
    ),
    "brewing/recipe": (
        "use a 1:16 ratio with water just off the boil",
        "bloom with twice the coffee weight in water for 40 seconds",
        "pour in slow circles and keep the total time near three minutes",
        "grind a touch coarser and drop the water to 92°C",
    ),
    "maintenance/descaling": (
        "run a citric acid cycle with two spoons in a full tank, then rinse twice",
        "hold the power button for five seconds after descaling to reset the light",
        "descale monthly if your water is hard",
        "use the descaling mode in settings and run two rinses after",
    ),
    "setup/app-pairing": (
        "turn off battery saver and pair again from Settings > Devices",
        "hold the button for ten seconds until it blinks blue, then pair",
        "update the app to 3.2, that release fixed pairing",
        "join the 2.4GHz network, the 5GHz band isn't supported",
    ),
    "orders/shipping": (
        "I've sent a replacement by express and the tracking is on its way",
        "the carrier had a delay and it's out for delivery today",
        "I've re-shipped it with priority",
        "a return label is in your inbox and the right one ships today",
    ),
    "repair/warranty": (
        "this is covered by warranty, so I've sent a prepaid label for a swap",
        "a replacement part is on its way to you",
        "I've booked a repair with pickup on Monday",
        "I've asked the repair team to call you today about a swap",
    ),
    "billing/refund": (
        "I've refunded the duplicate charge, it shows in 3-5 days",
        "your refund went out today",
        "I've applied the discount and refunded the difference",
        "I've cancelled the plan and reversed the charge",
    ),
}

MISTAKES: dict[str, tuple[str, ...]] = {
    "brewing/grind-size": ("the setting chart we printed is wrong",),
    "brewing/recipe": ("our recipe card had a typo in the ratio",),
    "maintenance/descaling": ("the manual lists the wrong descaling steps",),
    "setup/app-pairing": ("our last app update broke pairing",),
    "orders/shipping": ("we sent your parcel to the wrong warehouse", "we packed the wrong item"),
    "repair/warranty": ("a bad batch of seals slipped past our checks",),
    "billing/refund": ("our checkout charged you twice", "we forgot to process your refund"),
}

TITLES: dict[str, tuple[str, ...]] = {
    "brewing/grind-size": (
        "What grind setting for pour-over on the {p}?",
        "{p} grind is uneven, is that normal?",
        "Coffee runs too fast with the {p}",
    ),
    "brewing/recipe": (
        "Bitter coffee from the {p}",
        "Best ratio for the {p}?",
        "Weak brews with my {p}",
    ),
    "maintenance/descaling": (
        "How often should I descale the {p}?",
        "{p} descale light stays on",
        "Scale build-up in my {p}",
    ),
    "setup/app-pairing": (
        "{p} won't pair with the app",
        "Wifi setup for the {p}",
        "{p} keeps dropping bluetooth",
    ),
    "orders/shipping": (
        "{p} order stuck in transit",
        "Received the wrong {p}",
        "Damaged {p} on arrival",
    ),
    "repair/warranty": (
        "{p} stopped working, warranty?",
        "{p} rattling and then died",
        "Broken {p} after a few weeks",
    ),
    "billing/refund": (
        "Double charged for my {p}",
        "Refund for a returned {p}",
        "Discount code not applied to the {p}",
    ),
}

QUESTION = (
    "{at} quick question: {issue} with my {p}. What should I do?",
    "{at} hey, {issue}. It's the {p}. Any ideas?",
    "{at} is it normal that {issue}? My {p} is a few weeks old",
    "{at} how do I fix this: {issue} ({p})",
    "{at} hi! {issue} on the {p}, can you help?",
    "{at} need some help with the {p}: {issue}",
)
COMPLAINT = (
    "{at} {issue} on my {p} and nobody answers my emails. Really disappointed.",
    "{at} third time writing about this: {issue}. Not happy with the {p} at all",
    "{at} paid good money for the {p} and {issue}. Terrible.",
    "{at} seriously? {issue}. This is ridiculous, the {p} was supposed to be good",
    "{at} {issue}. Worst experience I've had with a brand this year. {p} going back",
    "{at} so annoyed, {issue} and my {p} is useless until you sort it",
)
STAFF_ANSWER = (
    "{at} Sorry to hear that! Please {fix}. Let me know how it goes.",
    "{at} Thanks for flagging this. Could you {fix}? That usually does the trick.",
    "{at} Hi there, {fix}. If that doesn't sort it, reply here and I'll dig in.",
    "{at} Happy to help! Try this: {fix}.",
    "{at} Good question. The quickest way: {fix}. Shout if it's still off.",
)
STAFF_FIX = (
    "{at} Sorry about that! {fix_cap}. Let me know once it arrives.",
    "{at} Thanks for your patience, {fix}. I'll keep an eye on it.",
    "{at} Really sorry for the hassle. {fix_cap}.",
    "{at} I've looked into it: {fix}. Anything else, just reply here.",
)
STAFF_APOLOGY = (
    "{at} You're right, and that's on us: {mistake}. I'm sorry. {fix_cap}.",
    "{at} We messed up here, {mistake}. Apologies! {fix_cap}.",
    "{at} I'm so sorry, this was our mistake: {mistake}. {fix_cap}.",
    "{at} Our fault entirely, {mistake}. Sorry for the trouble. {fix_cap}.",
)
STAFF_SLOW = (
    "{at} Sorry for the slow reply, we're looking into it and will get back to you.",
    "{at} Apologies for the wait. Could you DM us your order number?",
    "{at} We've passed this to the repair team, they'll be in touch.",
    "{at} Sorry you're still waiting. I've chased the team again.",
    "{at} Thanks for bearing with us, an update is coming as soon as we have one.",
    "{at} We're sorry this is taking so long, we're on it.",
)
SOLVED_THANKS = (
    "{at} that fixed it! Thank you so much {e}",
    "{at} worked like a charm, the {p} is back to normal. Thanks {name}!",
    "{at} all sorted now, really appreciate the quick help",
    "{at} you're a star, my {p} works perfectly now. Thanks!",
    "{at} that did the trick. Thanks for being so fast {e}",
    "{at} problem solved, thank you! Enjoying my {p} again",
)
SOLVED_PLAIN = (
    "{at} ok that worked.",
    "{at} yep, that solved it",
    "{at} working now.",
    "{at} that sorted it {e}",
    "{at} ok, working again.",
    "{at} done, it's fine now",
    "{at} yes! that was it",
)
THANKS_ONLY = (
    "{at} thanks for the quick reply, I'll try that tonight",
    "{at} appreciate it, will give it a go",
    "{at} thank you, will report back",
    "{at} thanks! giving it a try now {e}",
)
STILL_BROKEN = (
    "{at} tried that already, still broken. Getting frustrated.",
    "{at} didn't help at all. Same problem with the {p}.",
    "{at} nope, same problem. Is there anyone who actually knows the product?",
    "{at} still not working and it's been days. Disappointing.",
    "{at} same issue again this morning. Not impressed.",
    "{at} that made no difference, my {p} is still useless",
    "{at} nope. Still the same and I'm running out of patience",
)
STILL_WAITING = (
    "{at} ok, I'll wait then.",
    "{at} sent you a DM with the details.",
    "{at} thanks, waiting for news",
    "{at} alright, keep me posted",
    "{at} DM sent.",
)
PEER_ANSWER = (
    "{at} had the same with my {p}: {fix}. Worked for me",
    "{at} not staff, but {fix}. Fixed mine",
    "{at} try this, {fix}. Took me a while to figure out",
)
PEER_REFERRAL = (
    "{at} honestly you should get the {p2}, best thing I bought this year",
    "{at} if you're shopping around, get the {p2}. Zero regrets {e}",
    "{at} you should get the {p2}, my whole office uses one now",
)
PEER_THANKS = (
    "{at} oh nice, that fixed it. Thanks!",
    "{at} legend, that worked. Thank you!",
    "{at} thank you, that did it {e}",
    "{at} that was it, cheers {e}",
    "{at} wow, fixed. Thanks a lot",
    "{at} you saved my morning, thank you!",
    "{at} worked first try, thanks!",
)
DELIGHT: dict[str, tuple[str, ...]] = {
    "birthday": (
        "{at} it's my birthday and I just unboxed my {p}! First cup is perfect {e}",
        "{at} my partner got me the {p} for my birthday, best present ever",
    ),
    "first_purchase": (
        "{at} first ever {brand_name} purchase, the {p} arrived today and I'm in love",
        "{at} just bought my first {p}, any tips for a beginner?",
    ),
    "trip": (
        "{at} taking my {p} on a camping trip to the Alps next week {e}",
        "{at} packed the {p} for our road trip, coffee in the mountains tomorrow",
    ),
    "loyalty": (
        "{at} five years as a {brand_name} customer today and my {p} is still going strong",
        "{at} my {p} turns three this week, not a single problem. Loyal customer for life",
    ),
    "celebration": (
        "{at} just moved into our new home and the {p} was the first thing we unpacked",
        "{at} we got the {p} as a wedding gift and use it every single morning",
    ),
}
STAFF_DELIGHT: dict[str, tuple[str, ...]] = {
    "birthday": ("{at} Happy birthday! Enjoy that first cup {e}",),
    "first_purchase": ("{at} Welcome to the family! Start with a 1:16 ratio and enjoy.",),
    "trip": ("{at} Have an amazing trip! Pre-grind at home and pack a little scale {e}",),
    "loyalty": ("{at} Five years! Thank you for sticking with us, that made our day.",),
    "celebration": ("{at} Congratulations on the new chapter! Enjoy every cup {e}",),
}
MENTION_POSITIVE = (
    "Morning ritual: {p} and good beans. Can't beat it {e}",
    "Dialed in my {p} this weekend and wow, best coffee I've made at home",
    "Three weeks with the {p} and I'm not going back to pods",
    "Whoever designed the {p} deserves a raise {e}",
    "Gifted the {p} to my dad and now he texts me pictures of his latte art",
    "Honestly the {p} was worth every penny",
)
MENTION_NEGATIVE = (
    "Not sure why everyone loves the {p}, mine has been meh",
    "Regretting the {p}. Looks nice, works badly",
    "Day four of fighting with my {p}. Never again",
)
MENTION_REFERRAL = (
    "If you're looking for a gift, the {p} from {brand_name} is lovely",
    "Friends keep asking what I use. You should get the {p}, seriously",
)
PRAISE = (
    "{at} shoutout to your team, they sorted my {p} in five minutes. That's service!",
    "{at} just wanted to say the {p} is brilliant. Thank you!",
    "{at} thanks for making the {p}, it changed my mornings {e}",
)

FORUM_QUESTION = (
    "<p>{issue_cap} with my {p}. I've had it for a few weeks.</p>\n<p>Anyone know a fix?</p>",
    "<p>Hi all, {issue} on the {p}. What am I doing wrong?</p>",
    "<p>{issue_cap}. This is the {p}, bought in the spring. Any advice appreciated.</p>",
    "<p>Has anyone else had this? {issue_cap} ({p}).</p>",
)
FORUM_COMPLAINT = (
    "<p>{issue_cap} with my {p} and support hasn't replied in a week. Really frustrating.</p>",
    "<p>Fed up. {issue_cap}, and the {p} was not cheap.</p>",
)
FORUM_PEER = (
    "<p>Had exactly this with my {p}. {fix_cap} and it was fine after.</p>",
    "<p>{fix_cap}. That sorted it for me.</p>",
    "<p>Not official advice, but {fix}. Worked on mine.</p>",
)
FORUM_PEER_REFERRAL = (
    "<p>{fix_cap}. And if you ever upgrade, you should get the {p2}, it's excellent.</p>",
)
FORUM_STAFF = (
    "<p>Hi, {name} from {brand_name} here. {fix_cap}. Let us know if it helps!</p>",
    "<p>Thanks for posting. {fix_cap}. I'll check back tomorrow.</p>",
)
FORUM_STAFF_APOLOGY = ("<p>I'm sorry, that's our mistake: {mistake}. {fix_cap}.</p>",)
FORUM_THANKS = (
    "<p>Thanks {at}, that fixed it! {e}</p>",
    "<p>{at} that worked perfectly, thank you so much.</p>",
    "<p>Update: solved thanks to {at}. My {p} is perfect now.</p>",
)
FORUM_STILL = ("<p>Tried everything above, still not working. Disappointed.</p>",)

REVIEW_POSITIVE = (
    "Love my {p}! {praise}",
    "{praise} Really happy with the {p}.",
    "Great {p}. {praise} {praise2}",
    "{praise}",
)
REVIEW_NEUTRAL = (
    "It's fine. The {p} does the job but nothing special.",
    "Okay for the price. {praise}",
)
REVIEW_NEGATIVE = (
    "{issue_cap}. Very disappointed with the {p}.",
    "Returned it. {issue_cap}.",
    "Would not buy again: {issue}.",
)
REVIEW_DELIGHT: dict[str, tuple[str, ...]] = {
    "birthday": ("Bought the {p} for my husband's birthday and he uses it every morning.",),
    "first_purchase": ("My first {brand_name} product and definitely not the last. {praise}",),
    "trip": ("Took the {p} on holiday to Portugal, worked perfectly in the van.",),
    "loyalty": ("Ten years buying from {brand_name}. The {p} keeps the tradition going.",),
    "celebration": ("A wedding present we actually use daily. {praise}",),
}
REVIEW_REFERRAL = ("{praise} Told my sister she should get the {p} too.",)
PRAISE_WORDS = (
    "Heats up fast.",
    "Looks great on the counter.",
    "The app is actually useful.",
    "Super consistent results.",
    "Easy to clean.",
    "Quiet and quick.",
    "Feels very solid.",
    "Makes mornings better.",
)
EMOJI = ("", "", "☕", "🙌", "🎉", "😍", ":)")
FIRST_NAMES = (
    "Ana", "Ben", "Chloe", "Dev", "Elif", "Femi", "Gus", "Hana", "Ivo", "Jade",
    "Kofi", "Lou", "Mina", "Nico", "Oona", "Pablo", "Quinn", "Rosa", "Sven", "Tara",
)  # fmt: skip
LAST_INITIALS = "ABCDEFGHJKLMNPRSTVW"
NICK_WORDS = (
    "espresso", "beans", "crema", "bloom", "roast", "latte", "brew", "cup", "drip",
    "barista", "mocha", "cortado", "filter", "kettle", "grind",
)  # fmt: skip
RECOMMEND_ASK = (
    "Looking for a new coffee setup, anyone tried the {p}?",
    "Thinking about the {p} for my first home setup. Worth it?",
    "Which gear should I buy for pour-over at home? Eyeing the {p}",
)
ORDERED = (
    "{at} ordered it, thanks for the tip!",
    "{at} just bought one, thank you {e}",
)
STAFF_THANKS_BACK = (
    "{at} Thank you for the kind words, we'll pass them on to the team {e}",
    "{at} This made our day, thank you!",
)
CODE_OFFER = (  # the code is always the last word
    "{at} Glad it's sorted! A small thank-you, use this on your next order: {code}",
    "{at} Happy to help. Here's 10% off anything in the shop with code {code}",
    "{at} Enjoy! If you fancy an upgrade, this gets you 10% off: {code}",
)

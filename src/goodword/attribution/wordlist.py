"""The built-in word list of tracking codes: 256 short, friendly, everyday words.

Curated so that a code reads like two ordinary words, never like a coupon: no "save",
"free", "deal", "sale", "promo", "bonus", "cash", "gift". The list is built so that typing
mistakes cannot turn one code into another:

* every word has 4 to 6 letters and is unique;
* no two words differ by one letter or by swapping two adjacent letters;
* no two pairs of words, run together without a separator, differ by one letter or one
  adjacent swap (so ``mapleotter`` splits back into its words unambiguously even when the
  user leaves out the hyphens and makes a typo).

``tests/attribution/test_codes.py`` checks each of these properties.
"""

from __future__ import annotations

WORDS: tuple[str, ...] = tuple(
    """
    acorn actor adobe agate alder algae almond alpha amber angel anise apple april apron
    arbor arena arrow aspen atlas attic autumn badge bagel baker balmy banana banjo basil
    batch beach bean bell beret berry birch bison blaze blue bluff board bongo boot brave
    bread brick bridge brook brush buddy bugle bunny button cabin camel canal canoe cape
    cargo castle cedar celery cello chalk chess chime cider cinema circle clay cliff clog
    cloud clover cobra cocoa comet cookie coral cousin crane creek crepe cumin curry cycle
    daisy dawn delta denim dingo domino donkey dragon dream drum dune eagle easel echo elbow
    fable falcon fern field finch fjord flame flute frost fudge gale garlic gecko globe
    goose gown grape guava gull hail harp hazel heron hiker honey hotel husky hyena igloo
    ivory jade jelly jigsaw jungle kayak kilt kite kiwi koala lake larch lasso lava leek
    lemon lemur lentil lilac lime linen lion llama lotus lunar lychee lyric mallet mango
    maple melon mesa metro mint mitten mocha moss mural myrtle nest north nutmeg oasis ocean
    olive onion opal orbit otter paddle panda paper pasta peanut pecan peony pepper pesto
    piano pine piston pixel planet plum poem pony poppy prism quiet quill quinoa quokka
    radar rain raven reef river robin rose rowan ruby rudder sage salmon sash satin sauce
    scarf seal shawl shell silk sleet sloth snow socks solar sorbet spark star stone storm
    sugar swan taco tapir thyme tiger toast tofu topaz torch trowel tulip tundra tunic visor
    wagon walnut walrus wolf wren yarn yodel zebra zinc zither
    """.split()
)

"""Red flags said in other words than the vocabulary's own examples, in all four languages.

Each text here was written for this test, from DESIGN.md's meaning of the flag, as an ad or
a recruiter's message might put it; none comes from a labelled set. A flag whose recall
falls is usually a way of saying it that no phrase of redflags.yaml covers yet.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.understanding.redflags import AdScanner

CONTENT = Path(__file__).resolve().parents[2] / "content"

PARAPHRASES = {
    "unlicensed_agent": [
        "I am not an agency, I help people personally to get jobs in Saudi",
        "I am an individual recruiter, no company behind me, message me",
        "my uncle runs a company in Dubai and he can take you",
        "my brother owns a restaurant in Riyadh, he needs two boys",
        "I have contacts in Qatar, I will arrange your visa myself",
        "we are not registered but we have sent many boys already",
        "no licence needed, I have sent 50 people to Oman",
        "come to my house in Gujranwala with your passport",
        "meet me at the bus stand with documents",
        "I know a sheikh who gives visas directly",
        "main khud visa lagwa deta hoon, kisi agency ki zarurat nahi",
        "mera apna contact hai dubai mein, main aap ko bhej dunga",
        "hum registered nahi hain lekin bohat log bheje hain",
        "mere mamu ki company hai qatar mein",
        "ghar aa jao documents le kar, koi office nahi hai",
        "میں خود ویزا لگوا دیتا ہوں، کسی ایجنسی کی ضرورت نہیں",
        "میرے ماموں کی کمپنی قطر میں ہے، وہ لے جائیں گے",
        "ہم رجسٹرڈ نہیں ہیں لیکن بہت لوگ بھیجے ہیں",
        "میرا اپنا رابطہ ہے دبئی میں، میں آپ کو بھیج دوں گا",
        "زه پخپله ویزه جوړوم، اجنسۍ ته اړتیا نشته",
        "زما د ماما کمپنۍ په قطر کې ده",
        "موږ ثبت نه یو خو ډېر خلک مو لیږلي دي",
        "زه په دوبۍ کې خپله اړیکه لرم، تاسو به ولیږم",
        "یہ میرا ذاتی کام ہے، کوئی کمپنی نہیں",
        "ہم لائسنس کے بغیر کام کرتے ہیں مگر ویزا پکا ہے",
        "میں اکیلا یہ کام کرتا ہوں، بیس لڑکے بھیج چکا ہوں",
        "میرا سعودیہ میں شیخ سے براہ راست تعلق ہے",
        "گاؤں کے چوہدری صاحب ویزے دلواتے ہیں",
        "زه یوازې دا کار کوم، شل ځوانان مې لېږلي",
        "زما په سعودي کې له شیخ سره مستقیمه اړیکه ده",
        "د کلي ملک صاحب ویزې ورکوي",
        "دا زما شخصي کار دی، هیڅ کمپنۍ نشته",
        "mera saudi mein sheikh se direct taluq hai",
        "main akela ye kaam karta hoon, 20 larke bhej chuka",
        "gaon ke chaudhry sahab visa dilwate hain",
        "I am a freelancer and I place workers in Kuwait",
        "we work without licence but visa is guaranteed",
        "Contact our representative at the mobile shop near the bus stop",
    ],
    "urgency_secrecy": [
        "only few seats remaining, book now",
        "offer valid till Friday only",
        "send your documents today or lose the chance",
        "hurry, selection closes in 2 days",
        "limited time offer, apply now",
        "please do not discuss this with your relatives",
        "this is a private offer, do not disclose to anyone",
        "do not share this message with others",
        "you must decide by tonight",
        "departure in three days, confirm now",
        "visa slots ending soon",
        "jald az jald rabta karein, waqt kam hai",
        "sirf chand seats baqi hain",
        "ye baat kisi se na karna",
        "gharwalon ko abhi kuch na batana",
        "kal tak documents bhej do warna seat khatam",
        "جلد از جلد رابطہ کریں، وقت کم ہے",
        "صرف چند سیٹیں باقی ہیں",
        "یہ بات کسی سے نہ کرنا",
        "گھر والوں کو ابھی کچھ نہ بتانا",
        "کل تک کاغذات بھیج دیں ورنہ سیٹ ختم",
        "ژر تر ژره اړیکه ونیسئ، وخت لږ دی",
        "یوازې څو ځایونه پاتې دي",
        "دا خبره له چا سره مه کوه",
        "کورنۍ ته اوس څه مه وایه",
        "تر سبا پورې اسناد راولیږئ",
        "سیٹیں تیزی سے بھر رہی ہیں، آج ہی رابطہ کریں",
        "یہ پیشکش صرف دو دن کے لیے ہے",
        "کسی رشتہ دار سے مشورہ کرنے کی ضرورت نہیں",
        "جمعہ سے پہلے پیسے جمع کروائیں ورنہ نام کٹ جائے گا",
        "ځایونه ژر ډکېږي، نن اړیکه ونیسئ",
        "دا وړاندیز یوازې دوه ورځې دی",
        "له خپلوانو سره مشوره ته اړتیا نشته",
        "تر جمعې مخکې پیسې ورکړئ کنه نوم به دې لرې شي",
        "seats tezi se bhar rahi hain aaj hi rabta karein",
        "ye offer sirf do din ke liye hai",
        "kisi rishtedar se mashwara karne ki zarurat nahi",
        "juma se pehle paise jama karwayen warna naam kat jayega",
        "no need to consult your family, this chance will not come again",
        "Seats are filling up fast, only this week",
        "This offer is for two days only",
    ],
    "no_contract": [
        "contract will be made after you reach Dubai",
        "agreement will be signed at the company",
        "you will get the contract when you arrive",
        "no need of any agreement, we trust each other",
        "there is no written contract, everything is verbal",
        "the contract will come later",
        "papers will be made after joining",
        "contract wahan pohanch kar milega",
        "agreement baad mein hoga",
        "koi likhit contract nahi hai",
        "contract ki zarurat nahi",
        "معاہدہ وہاں پہنچ کر ملے گا",
        "کنٹریکٹ بعد میں ہوگا",
        "کوئی تحریری معاہدہ نہیں ہے",
        "قرارداد به هلته درکړل شي",
        "تړون وروسته کېږي",
        "لیکلی قرارداد نشته",
        "معاہدہ ابھی نہیں، ویزا آنے کے بعد",
        "کاغذی کارروائی وہاں جا کر ہوگی",
        "قرارداد اوس نشته، د ویزې له راتګ وروسته",
        "کاغذي کارونه به هلته کېږي",
        "contract abhi nahi, visa aane ke baad",
        "kaghzi karwai wahan ja kar hogi",
        "Contract is not needed now, you will sign at the site",
        "Agreement will be provided after you start working",
    ],
    "passport_retention": [
        "send us your original passport for processing",
        "passport must be given to the agent",
        "the company will hold your passport for safety",
        "bring your passport and leave it at our office",
        "your passport will be with the employer during the contract",
        "apna passport hamare paas chhor dein",
        "passport agent ko de dena",
        "original passport bhejna zaroori hai",
        "company passport apne paas rakhti hai",
        "اپنا پاسپورٹ ہمارے پاس چھوڑ دیں",
        "اصل پاسپورٹ بھیجنا ضروری ہے",
        "کمپنی پاسپورٹ اپنے پاس رکھتی ہے",
        "خپل پاسپورټ موږ ته راکړئ",
        "اصلي پاسپورټ راولیږئ",
        "کمپنۍ پاسپورټ له ځان سره ساتي",
        "پاسپورٹ دفتر میں جمع کروا دیں",
        "پاسپورٹ ہمارے حوالے کر دیں",
        "پاسپورټ موږ ته وسپارئ",
        "passport daftar mein jama karwa dein",
        "passport hamare hawale kar dein",
        "Hand your passport to our agent at the airport",
        "The employer keeps all passports for safety",
    ],
    "chat_app_recruitment": [
        "message on whatsapp for details",
        "join our telegram for jobs",
        "contact on insta",
        "send cv on instagram",
        "DM on instagram",
        "whatsapp karein",
        "watsapp pe msg karo",
        "telegram pe rabta",
        "واٹس ایپ پر میسج کریں",
        "ٹیلیگرام پر رابطہ کریں",
        "انسٹاگرام پر رابطہ",
        "په واټساپ پیغام راولیږئ",
        "په ټیلیګرام اړیکه ونیسئ",
        "انسټاګرام",
        "صرف واٹس ایپ پر رابطہ کریں",
        "یوازې په واټس اپ اړیکه",
        "sirf whatsapp par rabta",
        "Only WhatsApp, no calls",
        "ٹیلی گرام گروپ جوائن کریں",
        "د ټیلیګرام ګروپ سره یوځای شئ",
    ],
    "free_travel": [
        "ticket will be provided by the company",
        "air ticket is on us",
        "visa and ticket free of cost",
        "we will bear the ticket cost",
        "ticket and visa totally free",
        "free visa and ticket",
        "ticket company dega",
        "visa aur ticket muft",
        "ticket ka koi kharcha nahi",
        "ٹکٹ اور ویزا بالکل مفت",
        "ٹکٹ کمپنی دے گی",
        "ٹکٹ کا کوئی خرچہ نہیں",
        "ټکټ او ویزه وړیا",
        "ټکټ کمپنۍ ورکوي",
        "د ټکټ پیسې موږ ورکوو",
        "ٹکٹ اور رہائش کمپنی کے ذمے",
        "جہاز کا ٹکٹ ہماری طرف سے",
        "ټکټ او استوګنه د کمپنۍ په غاړه",
        "د الوتکې ټکټ زموږ له خوا",
        "ticket aur rehaish company ke zimme",
        "jahaz ka ticket hamari taraf se",
        "Flight ticket will be sponsored",
        "We cover flight and visa",
    ],
    "visit_visa": [
        "you go on visit and we will change to work there",
        "30 days visit, then job",
        "we send on tourist and convert later",
        "business visa, job on arrival",
        "visit per jana hai phir kaam",
        "pehle visit pe jayen",
        "بزنس ویزا پر جائیں",
        "پہلے وزٹ پر جائیں، وہاں کام مل جائے گا",
        "لومړی په سیل ویزه ولاړ شئ",
        "د سیاحت ویزه",
        "وزٹ ویزے پر جا کر کام ڈھونڈیں",
        "د وزټ په ویزه ولاړ شه او هلته کار ومومه",
        "visit ke visa par ja kar kaam dhoondein",
        "Travel as tourist and we will arrange the job there",
        "Three month visit visa with job",
    ],
}


@pytest.fixture(scope="module")
def scanner() -> AdScanner:
    return AdScanner.load(CONTENT)


@pytest.mark.parametrize(
    ("flag", "text"), [(flag, text) for flag, texts in PARAPHRASES.items() for text in texts]
)
def test_a_flag_is_raised_by_words_that_mean_it(scanner: AdScanner, flag: str, text: str) -> None:
    assert flag in scanner.scan(text).flag_ids


@pytest.mark.parametrize(
    "text",
    [
        "کوئی ایجنسی نہیں، میں خود لوگ بھیجتا ہوں، پچاس ہزار پہلے دیں",
        "no agency, I send people myself, pay 50,000 first",
        "هېڅ ایجنسي نشته، زه پخپله خلک لېږم، پنځوس زره مخکې راکړه",
    ],
)
def test_a_middlemans_terms_with_no_job_offered_are_not_a_vague_employer(
    scanner: AdScanner, text: str
) -> None:
    flags = scanner.scan(text).flag_ids
    assert "unlicensed_agent" in flags and "vague_employer" not in flags


@pytest.mark.parametrize(
    "text",
    [
        "No agency, I send people myself to a factory job in Malaysia, fee 1 lakh",
        "main khud log bhejta hoon cambodia, 1 lakh setting fees do",
    ],
)
def test_a_middleman_offering_a_job_still_names_no_employer(scanner: AdScanner, text: str) -> None:
    flags = scanner.scan(text).flag_ids
    assert "unlicensed_agent" in flags and "vague_employer" in flags


@pytest.mark.parametrize(
    "text",
    [
        "Drivers needed for Al Habtoor Motors Dubai, AED 2500, work visa by company. OEP 1234/RWP",
        "Employment visa and iqama by employer. Storekeepers for Al Masa Logistics LLC. OEP 1234/LHR",
    ],
)
def test_an_employer_arranging_the_work_visa_is_no_free_travel_lure(
    scanner: AdScanner, text: str
) -> None:
    assert "free_travel" not in scanner.scan(text).flag_ids
    assert "free_travel" in scanner.scan("Visa and ticket free, job in Dubai").flag_ids


@pytest.mark.parametrize(
    "text",
    [
        "Staff nurses required for King Fahad Medical City, Riyadh. SAR 6000. OEP 2211/LHR",
        "Teachers needed at Beaconhouse School Muscat, OMR 400. Apply through OEP 3344/ISB",
        "Electricians for Saudi Binladin Group, Jeddah. SAR 1800. OEP 1122/KHI",
    ],
)
def test_an_employer_named_with_its_kind_of_business_is_not_vague(
    scanner: AdScanner, text: str
) -> None:
    assert "vague_employer" not in scanner.scan(text).flag_ids

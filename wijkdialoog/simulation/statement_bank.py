"""What a synthetic crowd writes: five questions, their sub-themes and Dutch phrasings.

Each question has 5-6 sub-themes; each sub-theme has a stance (how the opinion groups
tend to see it) and 8-11 phrasings a resident, professional or civil servant might
type. `statement_text` picks a phrasing and varies it a little (an opening, a closing
sentence, the question's hashtag, a dropped full stop), so a session of 155 people has
few exact duplicates while every text still belongs to one theme.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from enum import StrEnum


class Stance(StrEnum):
    CONSENSUS = "consensus"  # every opinion group mostly agrees
    DIVIDING = "dividing"  # some groups agree, others disagree
    MIXED = "mixed"  # mixed feelings in every group
    REJECTED = "rejected"  # few people anywhere agree


@dataclass(frozen=True, slots=True)
class SubTheme:
    label: str
    stance: Stance
    phrasings: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class BankQuestion:
    title: str
    text: str
    hashtag: str
    themes: tuple[SubTheme, ...]


_SAMENWERKING = BankQuestion(
    title="Samenwerken in de wijk",
    text=(
        "Hoe kunnen bewoners, wijkprofessionals en de gemeente beter samenwerken? "
        "Noem wat nu goed gaat en wat anders moet."
    ),
    hashtag="#Samenwerking",
    themes=(
        SubTheme(
            "Eén vast aanspreekpunt",
            Stance.CONSENSUS,
            (
                "Geef elke wijk één vast aanspreekpunt bij de gemeente dat je gewoon kunt bellen.",
                "Ik wil weten wie ik moet mailen als er iets speelt, nu word ik steeds "
                "doorverwezen.",
                "Een wijkregisseur die jaren blijft werkt beter dan elk jaar een nieuw gezicht.",
                "Als bewoner verdwaal je tussen de loketten. Eén contactpersoon zou al enorm "
                "helpen.",
                "Elke keer dat de contactpersoon wisselt, beginnen we weer bij nul.",
                "Zorg dat het aanspreekpunt ook echt iets kan regelen en niet alleen doorstuurt.",
                "Vaste gezichten in de wijk maken het verschil, bij de gemeente en bij het "
                "welzijnswerk.",
                "Het helpt als de wijkmanager gewoon op de markt of in het buurthuis te vinden is.",
                "Met een vaste contactpersoon bouw je vertrouwen op, met een algemeen mailadres "
                "niet.",
                "Laat de gemeente een spreekuur in de wijk houden, op een vaste dag en plek.",
                "Vorig jaar heb ik vier keer een ander nummer gebeld over dezelfde kapotte "
                "lantaarnpaal. Met één vast aanspreekpunt was het in één keer geregeld.",
            ),
        ),
        SubTheme(
            "Bewoners vanaf het begin betrekken",
            Stance.CONSENSUS,
            (
                "Betrek bewoners bij de start van een plan, niet pas als alles al vastligt.",
                "Inspraak achteraf voelt als een formaliteit. Vraag ons mee te denken voordat "
                "er getekend is.",
                "Bewoners weten vaak precies wat er in hun straat speelt; gebruik die kennis.",
                "Ik heb het gevoel dat alles al besloten is als wij eindelijk mogen meepraten.",
                "Begin met de vraag wat de buurt zelf wil, en pas daarna met het plan.",
                "Nodig ook de mensen uit die nooit naar een inspraakavond komen, bijvoorbeeld "
                "via de school.",
                "Laat bewoners meebeslissen over de volgorde van de projecten in de wijk.",
                "Participatie werkt pas als er ook echt nog iets te kiezen valt.",
                "Neem de tijd om bewoners te spreken, ook als het plan dan een maand later begint.",
                "Ambtenaren moeten vaker de wijk in, in plaats van bewoners naar het stadhuis "
                "te laten komen.",
            ),
        ),
        SubTheme(
            "Geld en ruimte voor bewonersinitiatief",
            Stance.DIVIDING,
            (
                "Geef bewoners een eigen wijkbudget om te besteden aan wat zij belangrijk vinden.",
                "Een bewonersbudget klinkt mooi, maar dan beslist vooral het vaste clubje dat "
                "altijd meedoet.",
                "Laat bewoners zelf bepalen waar het geld voor de wijk naartoe gaat.",
                "Gemeenschapsgeld hoort via de gemeenteraad verdeeld te worden, niet via een "
                "buurtcomité.",
                "Bewonersinitiatieven krijgen te weinig vertrouwen: minder formulieren, meer "
                "ruimte.",
                "Een initiatief van bewoners moet net zo goed verantwoord worden als elk ander "
                "project.",
                "Als bewoners het geld beheren, zie je veel sneller resultaat in de straat.",
                "Niet elk bewonersinitiatief is er voor de hele wijk, daar moet iemand op letten.",
                "Ik vertrouw de buurt meer dan het stadhuis als het gaat om wat hier nodig is.",
                "Zet een deel van het wijkbudget apart voor kleine ideeën van bewoners, zonder "
                "lange aanvraag.",
            ),
        ),
        SubTheme(
            "De rol van wijkprofessionals",
            Stance.DIVIDING,
            (
                "Wijkprofessionals moeten een stap terug doen en bewoners het voortouw laten "
                "nemen.",
                "Zonder opbouwwerker valt een bewonersgroep na een jaar weer uit elkaar.",
                "Professionals nemen soms te veel over; laat bewoners zelf de regie houden.",
                "Het welzijnswerk verbindt mensen die elkaar anders nooit zouden tegenkomen.",
                "Er lopen te veel professionals rond die vooral met elkaar overleggen.",
                "Een goede wijkwerker is onmisbaar, juist voor bewoners die zelf niet aan de bel "
                "trekken.",
                "Ik zou het geld voor coördinatoren liever rechtstreeks aan activiteiten besteden.",
                "Vrijwilligers kunnen veel, maar niet alles. Sommige dingen vragen om een "
                "vakkracht.",
                "Professionals zouden meer moeten volgen wat bewoners willen, in plaats van hun "
                "eigen programma.",
                "De opdracht van professionals komt van de gemeente en niet uit de wijk. Daar "
                "wringt het.",
                "Onze bewonersgroep draait al jaren zonder vaste ondersteuning, maar bij een "
                "subsidie of vergunning is een professional die de weg kent goud waard.",
            ),
        ),
        SubTheme(
            "Regels, loketten en afdelingen",
            Stance.MIXED,
            (
                "De gemeente werkt in hokjes, maar voor mij is mijn straat één geheel.",
                "Een vergunning voor een straatfeest aanvragen kost meer tijd dan het feest "
                "organiseren.",
                "Regels zijn er niet voor niets, maar er mag wel meer ruimte zijn voor maatwerk.",
                "Afdelingen weten vaak niet van elkaar wat ze in dezelfde wijk aan het doen zijn.",
                "Voor een klein initiatief zou één formulier genoeg moeten zijn.",
                "Ik begrijp dat de gemeente zorgvuldig moet zijn, maar het duurt vaak erg lang.",
                "Laat ambtenaren van verschillende afdelingen samen de wijk in gaan.",
                "Het budget zit in potjes die niet op elkaar aansluiten.",
                "Soms is het antwoord 'dat valt niet onder onze afdeling', en dan houdt het op.",
                "Geef wijkambtenaren meer mandaat om zelf knopen door te hakken.",
            ),
        ),
        SubTheme(
            "Meer overleg en structuren",
            Stance.REJECTED,
            (
                "Organiseer elke maand een groot overleg met alle partijen uit de wijk.",
                "We hebben een nieuwe stuurgroep nodig om alle initiatieven te coördineren.",
                "Elk plan moet eerst langs een klankbordgroep, een werkgroep en de wijkraad.",
                "Er moet een extra laag komen die alle wijkprofessionals aanstuurt.",
                "Laten we eerst een groot onderzoek doen naar hoe de samenwerking nu loopt.",
                "Een convenant tussen alle organisaties lost de meeste problemen op.",
                "Meer vergaderen is de beste manier om elkaar beter te leren kennen.",
                "Alle besluiten over de wijk zouden in een grote plenaire bijeenkomst moeten "
                "vallen.",
            ),
        ),
    ),
)

_ONTMOETEN = BankQuestion(
    title="Ontmoeten en meedoen",
    text=("Waar ontmoeten mensen in de wijk elkaar, en wat is er nodig zodat meer buren meedoen?"),
    hashtag="#Ontmoeten",
    themes=(
        SubTheme(
            "Een open ontmoetingsplek",
            Stance.CONSENSUS,
            (
                "Het buurthuis moet ook 's avonds en in het weekend open zijn.",
                "Een plek waar je zonder afspraak binnenloopt voor een kop koffie, dat mis ik.",
                "De buurtkamer is het kloppend hart van de straat. Zorg dat die blijft.",
                "Een ontmoetingsplek hoeft niet duur te zijn: een lege winkel met een "
                "koffieapparaat is genoeg.",
                "Ik zou graag een plek hebben waar ouderen en jonge gezinnen elkaar tegenkomen.",
                "Sinds het buurthuis dicht is, zie ik mijn buren alleen nog bij de supermarkt.",
                "Maak het schoolplein na schooltijd open als ontmoetingsplek.",
                "Een bankje en een tafel op het plein doen soms meer dan een heel programma.",
                "Leegstaande ruimtes van de corporatie kunnen prima dienen als buurtkamer.",
                "Laat bewoners zelf de sleutel van de buurtruimte beheren.",
                "Toen het buurthuis nog open was, kende ik de halve straat. Nu weet ik niet eens "
                "hoe mijn nieuwe buren heten.",
            ),
        ),
        SubTheme(
            "Eenzaamheid: naar mensen toe gaan",
            Stance.CONSENSUS,
            (
                "Veel ouderen komen de deur niet meer uit. We moeten naar hen toe, niet wachten "
                "tot ze komen.",
                "Een buurman die even aanbelt doet meer tegen eenzaamheid dan een folder.",
                "Nieuwe bewoners zouden een welkomstbezoek moeten krijgen van iemand uit de "
                "straat.",
                "Er wonen mensen achter de voordeur die niemand kent, daar moeten we iets mee.",
                "Maak het makkelijk om je buren te helpen, met boodschappen of een klusje.",
                "Eenzaamheid zit niet alleen bij ouderen, ook jonge mensen zitten vaak alleen "
                "thuis.",
                "Wijkprofessionals zien wie er vereenzaamt. Koppel die mensen aan een maatje uit "
                "de buurt.",
                "Een vaste koffieochtend brengt mensen bij elkaar die elkaar anders nooit spreken.",
                "Nodig mensen persoonlijk uit, een poster op het prikbord werkt niet.",
                "Wie net de partner heeft verloren, verdient extra aandacht vanuit de buurt.",
            ),
        ),
        SubTheme(
            "Activiteiten voor jongeren",
            Stance.MIXED,
            (
                "Er is te weinig te doen voor jongeren tussen twaalf en achttien.",
                "Jongeren moeten zelf bedenken welke activiteiten er komen, en die ook "
                "organiseren.",
                "Een sportveldje met verlichting houdt jongeren van de straat.",
                "Voor jongeren wordt veel georganiseerd, voor ouderen veel minder.",
                "Een jongerenwerker die de jongeren kent is meer waard dan een nieuw gebouw.",
                "Jongeren hebben geen programma nodig, maar een eigen plek.",
                "Laat jongeren meehelpen bij activiteiten voor ouderen, daar leren beide kanten "
                "van.",
                "Activiteiten voor jongeren lopen vaak tot laat door, dat geeft overlast.",
                "Geef jongeren een kleine vergoeding voor klussen in de wijk.",
                "Ik zou graag een muziekstudio of werkplaats voor jongeren in de wijk zien.",
            ),
        ),
        SubTheme(
            "Straatfeesten en evenementen",
            Stance.DIVIDING,
            (
                "Een jaarlijks straatfeest is de beste manier om je buren te leren kennen.",
                "Die buurtfeesten zijn gezellig voor wie meedoet, maar de rest heeft alleen de "
                "herrie.",
                "Geef elke straat een klein budget voor een buurtbarbecue.",
                "Evenementen op het plein zijn te vaak en duren te lang.",
                "Een buurtfestival laat zien hoeveel talent er in de wijk zit.",
                "Ik heb liever kleine, regelmatige activiteiten dan één groot feest per jaar.",
                "Het grote zomerfestival trekt vooral mensen van buiten de wijk.",
                "Een burendag in het voorjaar, met opruimen en samen eten, werkt altijd.",
                "Feesten met muziek tot laat zijn niet fijn voor gezinnen met kleine kinderen.",
                "Meer evenementen brengen leven in de wijk, dat mag best wat vaker.",
            ),
        ),
        SubTheme(
            "Ontmoeten zonder gemeente",
            Stance.REJECTED,
            (
                "Laat een commercieel bedrijf het buurthuis runnen, dat is efficiënter.",
                "Activiteiten moeten kostendekkend zijn: wie meedoet, betaalt de volle prijs.",
                "Het buurthuis kan verkocht worden, iedereen heeft tegenwoordig een groepsapp.",
                "Ontmoeten doe je maar in het café, daar hoeft de gemeente niets voor te regelen.",
                "Stop met subsidie voor buurtactiviteiten; wie het wil, regelt het zelf.",
                "Mensen willen vooral hun eigen rust, een ontmoetingsplek is niet meer van deze "
                "tijd.",
                "Een app voor de wijk kan alle activiteiten in het buurthuis vervangen.",
                "Alleen activiteiten met een meetbaar resultaat zouden geld mogen krijgen.",
            ),
        ),
    ),
)

_GROEN = BankQuestion(
    title="Groen en openbare ruimte",
    text="Hoe maken we straten, pleinen en parken in de wijk groener, schoner en prettiger?",
    hashtag="#Groen",
    themes=(
        SubTheme(
            "Meer groen, minder stenen",
            Stance.CONSENSUS,
            (
                "Haal tegels weg en plant bomen en struiken, dat helpt tegen hitte en "
                "wateroverlast.",
                "Het plein is één grote steenvlakte. Een paar bomen zou al enorm schelen.",
                "Geef geveltuintjes een kans, de gemeente kan de eerste planten leveren.",
                "Groen in de straat maakt mensen rustiger en de wijk mooier.",
                "Bij elke herinrichting zou de eerste vraag moeten zijn waar er groen bij kan.",
                "In de zomer is het in onze straat niet uit te houden door alle stenen.",
                "Een tegel eruit, een plant erin: organiseer die actie elk voorjaar.",
                "Meer bloemen en struiken trekken ook bijen en vlinders aan.",
                "De schoolpleinen kunnen veel groener, daar hebben kinderen en buren iets aan.",
                "Kies bij nieuwe bomen voor soorten die tegen droogte kunnen.",
            ),
        ),
        SubTheme(
            "Bewoners onderhouden zelf groen",
            Stance.DIVIDING,
            (
                "Laat bewoners zelf een stukje groen adopteren en onderhouden.",
                "Onderhoud van het openbaar groen is een taak van de gemeente, niet van "
                "vrijwilligers.",
                "Een buurtmoestuin brengt mensen samen en levert ook nog iets op.",
                "Adoptiegroen ligt er na twee jaar verwaarloosd bij als de enthousiaste bewoner "
                "verhuist.",
                "Ik wil best snoeien en wieden, maar dan wel met gereedschap van de gemeente.",
                "Het is niet eerlijk dat de ene straat mooi is omdat mensen daar tijd hebben, en "
                "de andere niet.",
                "Geef bewoners die het groen onderhouden een kleine korting op de "
                "gemeentebelasting.",
                "Vrijwilligers in het groen worden ingezet om te bezuinigen, dat moeten we niet "
                "willen.",
                "Samen tuinieren is de makkelijkste manier om je buren te leren kennen.",
                "Als bewoners het groen beheren, is de gemeente nergens meer op aan te spreken.",
            ),
        ),
        SubTheme(
            "Parkeerplaatsen of groen",
            Stance.DIVIDING,
            (
                "Maak van een deel van de parkeerplaatsen groen en speelruimte.",
                "Er is nu al te weinig parkeerruimte, haal er niet nog meer weg.",
                "Een autovrije zondag in de straat geeft kinderen ruimte om te spelen.",
                "Voor ouderen en mensen met een beperking is een parkeerplek vlak bij huis "
                "noodzaak.",
                "Een parkeergarage aan de rand van de wijk maakt de straten vrij voor groen.",
                "Ik heb mijn auto nodig voor mijn werk en wil niet tien minuten verderop parkeren.",
                "Minder auto's in de straat is veiliger en gezonder voor iedereen.",
                "Deelauto's in de wijk kunnen het aantal geparkeerde auto's flink verlagen.",
                "Groen is mooi, maar niet ten koste van parkeerplekken voor bewoners.",
                "Laat elke straat zelf kiezen of ze parkeerplaatsen inruilt voor groen.",
                "In onze straat staan de auto's bumper aan bumper, terwijl de helft er bijna "
                "nooit in rijdt. Een paar plekken voor groen en een bankje zou veel opleveren.",
            ),
        ),
        SubTheme(
            "Zwerfvuil en onderhoud",
            Stance.CONSENSUS,
            (
                "De containers staan vaak vol en dan ligt het afval ernaast.",
                "Meldingen over zwerfvuil worden wel aangenomen, maar er gebeurt weinig mee.",
                "Zet meer prullenbakken neer bij het winkelcentrum en de bushalte.",
                "Een vaste veegdag per straat zou veel schelen.",
                "Kapotte bankjes en lantaarnpalen blijven maanden staan voordat er iets gebeurt.",
                "Grofvuil op straat trekt nog meer afval aan, haal het sneller op.",
                "Ik prik regelmatig zwerfvuil met de buren, een beetje hulp van de gemeente zou "
                "fijn zijn.",
                "Laat zien wat er met een melding gebeurt, dan blijven mensen ook melden.",
                "De stoepen liggen er slecht bij, met een rollator kom je er nauwelijks over.",
                "Hondenpoep op de stoep en in het gras blijft een grote ergernis.",
            ),
        ),
        SubTheme(
            "Speelplekken",
            Stance.MIXED,
            (
                "Er zijn te weinig speelplekken voor kinderen boven de acht jaar.",
                "De speeltuin is verouderd; laat kinderen meedenken over een nieuwe.",
                "Een natuurspeelplek met boomstammen en water vinden kinderen veel leuker dan "
                "een glijbaan.",
                "Speelplekken trekken 's avonds groepen jongeren aan, dat geeft overlast.",
                "Maak van een paar parkeerplekken in de zomer een speelstraat.",
                "Een trapveldje waar kinderen gewoon kunnen voetballen, meer hoeft het niet te "
                "zijn.",
                "Zet bankjes bij de speeltuin, dan ontmoeten ouders en grootouders elkaar daar.",
                "Speelplekken moeten ook toegankelijk zijn voor kinderen met een beperking.",
                "Eén grote speelplek is beter dan vijf kleine die niemand onderhoudt.",
                "Kinderen spelen toch het liefst op straat, niet in een afgezet hok.",
            ),
        ),
        SubTheme(
            "Minder groen, makkelijker beheer",
            Stance.REJECTED,
            (
                "Kap de grote bomen in de straat, ze geven te veel schaduw en bladafval.",
                "Vervang het plantsoen door tegels, dat is makkelijker te onderhouden.",
                "Groen trekt ongedierte aan, liever een verharde straat.",
                "Het park kan beter bebouwd worden, we hebben woningen nodig.",
                "Struiken zijn vooral verstopplekken, haal ze weg.",
                "Kunstgras is beter dan echt gras, want dat hoeft nooit gemaaid te worden.",
                "Boomwortels drukken de stoep omhoog, dus liever geen nieuwe bomen meer.",
                "Het geld voor groen kan beter naar extra parkeerplaatsen.",
            ),
        ),
    ),
)

_VEILIGHEID = BankQuestion(
    title="Veiligheid in de wijk",
    text="Wanneer voel je je veilig in de wijk, en wat moet er beter?",
    hashtag="#Veilig",
    themes=(
        SubTheme(
            "Verlichting en zicht",
            Stance.CONSENSUS,
            (
                "Het pad langs het park is 's avonds donker, daar moet betere verlichting komen.",
                "Goede straatverlichting is de eenvoudigste manier om je veiliger te voelen.",
                "Snoei de struiken langs de looproutes, dan zie je wie er aankomt.",
                "Kapotte lantaarnpalen moeten binnen een week gerepareerd zijn.",
                "Ik loop 's avonds liever om dan door de onderdoorgang, zo slecht is die verlicht.",
                "Licht bij de fietsenstalling zou diefstal en vernieling schelen.",
                "Een goed verlichte route van de bushalte naar huis maakt veel verschil.",
                "Loop een avond met bewoners door de wijk om de donkere plekken te vinden.",
                "Lampen met een bewegingsmelder bij de portieken zijn goedkoop en helpen echt.",
            ),
        ),
        SubTheme(
            "Cameratoezicht",
            Stance.DIVIDING,
            (
                "Hang camera's op bij het winkelcentrum, dan durven mensen daar weer te komen.",
                "Camera's verplaatsen het probleem alleen maar naar de volgende straat.",
                "Ik voel me veiliger als ik weet dat er camera's hangen.",
                "Meer camera's betekent minder privacy, en daar word ik niet blij van.",
                "Cameratoezicht helpt de politie om daders op te sporen, dus graag meer.",
                "Geld voor camera's kan beter naar jongerenwerk en een wijkagent.",
                "Camera's alleen op plekken waar het echt nodig is, en tijdelijk.",
                "Een camera houdt niemand tegen die iets van plan is.",
                "Ik wil niet in een wijk wonen waar je overal gefilmd wordt.",
                "Bij de metrohalte zijn camera's geen luxe, daar gebeurt echt van alles.",
            ),
        ),
        SubTheme(
            "Jongeren op straat",
            Stance.DIVIDING,
            (
                "Groepen jongeren op het plein voelen voor veel ouderen bedreigend.",
                "Jongeren die op straat hangen zijn niet per se een probleem, ze hebben gewoon "
                "geen plek.",
                "Er moet harder worden opgetreden tegen jongeren die overlast geven.",
                "Praat met de jongeren in plaats van over ze, de meesten zijn gewoon aardig.",
                "Een jongerenwerker op straat werkt beter dan een boa die bonnen uitschrijft.",
                "Ouders moeten meer verantwoordelijkheid nemen voor wat hun kinderen 's avonds "
                "doen.",
                "Een samenscholingsverbod bij de supermarkt zou veel rust geven.",
                "Als je jongeren iets te doen geeft, neemt de overlast vanzelf af.",
                "De jongeren die hier overlast geven, komen vaak niet eens uit de wijk.",
                "Ik ken de jongens op het plein, ze groeten altijd. Het gevoel is erger dan de "
                "werkelijkheid.",
                "Als moeder van een puber weet ik dat ze gewoon een plek zoeken om samen te zijn. "
                "Geef ze die plek, dan hoeven ze niet bij de portiek te staan.",
            ),
        ),
        SubTheme(
            "Verkeer en hardrijden",
            Stance.CONSENSUS,
            (
                "Er wordt veel te hard gereden in onze straat, er moeten drempels komen.",
                "De oversteek bij de school is gevaarlijk; zet er een zebrapad en een klaar-over.",
                "Maak overal in de woonstraten dertig kilometer per uur, en handhaaf dat ook.",
                "Scooters op het fietspad rijden veel te hard, ik schrik er elke dag van.",
                "Bij de basisschool staan ouders dubbel geparkeerd, dat is gevaarlijk voor "
                "kinderen.",
                "Een snelheidsbord met een smiley helpt echt om mensen te laten afremmen.",
                "Het kruispunt bij de bakker is onoverzichtelijk en moet anders ingericht worden.",
                "Vrachtwagens horen niet door de woonwijk te rijden.",
                "Laat kinderen meedenken over een veilige route naar school.",
                "Fietsers en voetgangers hebben te weinig ruimte op de smalle stoepen.",
            ),
        ),
        SubTheme(
            "Wijkagent en buurtpreventie",
            Stance.MIXED,
            (
                "Een buurtpreventie-app helpt om snel te melden wat er gebeurt.",
                "Een wijkagent die je kent en op straat tegenkomt geeft meer vertrouwen.",
                "In onze appgroep wordt iedereen die er anders uitziet al snel verdacht gemaakt.",
                "Buurtpreventie werkt alleen als de politie ook reageert op meldingen.",
                "Bewoners die samen een avondronde lopen, zien veel en worden gezien.",
                "De wijkagent is zo druk dat hij bijna nooit in de wijk te zien is.",
                "Toezicht door bewoners is mooi, maar het blijft een taak van de politie.",
                "Ik meld niets meer, want ik hoor nooit wat ermee gebeurt.",
                "Een vast spreekuur van de wijkagent in het buurthuis zou helpen.",
                "Laat boa's vaker lopen in plaats van rijden, dan kun je ze ook aanspreken.",
            ),
        ),
        SubTheme(
            "Harde maatregelen",
            Stance.REJECTED,
            (
                "Bewoners moeten 's nachts zelf patrouilleren met een burgerwacht.",
                "Wie overlast geeft, moet zonder gesprek uit zijn huurwoning worden gezet.",
                "Zet een hek om het hele park, dan is het 's avonds gewoon dicht.",
                "Verbied alle activiteiten in de wijk na negen uur 's avonds.",
                "Geef buurtwachten de bevoegdheid om boetes uit te delen.",
                "Zet foto's van overlastgevers in de buurtapp, dan weet iedereen wie het zijn.",
                "Haal alle bankjes weg, dan gaat er ook niemand meer hangen.",
                "Sluit de buurtkamer 's avonds, dan is er ook geen gedoe op straat.",
            ),
        ),
    ),
)

_TERUGKOPPELING = BankQuestion(
    title="Communicatie en terugkoppeling",
    text="Hoe houden we elkaar op de hoogte, en hoe hoor je wat er met jouw inbreng gebeurt?",
    hashtag="#Terugkoppeling",
    themes=(
        SubTheme(
            "Terugkoppeling na inspraak",
            Stance.CONSENSUS,
            (
                "Laat na elke inspraakavond weten wat er met de inbreng is gedaan.",
                "Ik heb aan drie bijeenkomsten meegedaan en daarna nooit meer iets gehoord.",
                "Ook als een idee niet doorgaat, wil ik weten waarom.",
                "Een korte terugkoppeling binnen een maand is genoeg, het hoeft geen rapport "
                "te zijn.",
                "Als je nooit hoort wat er met je mening gebeurt, doe je de volgende keer niet "
                "meer mee.",
                "Stuur iedereen die aan deze dialoog meedoet de uitkomsten en de vervolgstappen.",
                "Leg uit welke keuzes er gemaakt zijn en door wie.",
                "Zeg eerlijk wat niet kan, dat is beter dan mooie beloftes die niet uitkomen.",
                "Koppel ook terug aan de mensen die niet op de avond konden zijn.",
                "De gemeente vraagt veel aan bewoners, maar vertelt weinig terug.",
                "Twee jaar geleden dachten we met de hele straat mee over het plein. Daarna bleef "
                "het stil, tot ineens de bouwhekken er stonden. Zo raak je mensen kwijt.",
            ),
        ),
        SubTheme(
            "Begrijpelijke taal",
            Stance.CONSENSUS,
            (
                "Schrijf brieven van de gemeente in gewone taal, zonder ambtelijk jargon.",
                "Veel buren lezen geen Nederlands; zorg ook voor informatie in andere talen.",
                "Een tekening of een kaart zegt vaak meer dan een brief van vier kantjes.",
                "Ik moest de brief over de herinrichting drie keer lezen voordat ik hem begreep.",
                "Gebruik de woorden van de bewoners, niet die uit de beleidsnota.",
                "Laat een bewoner de tekst lezen voordat een brief de deur uitgaat.",
                "Korte berichten met één boodschap werken beter dan lange nieuwsbrieven.",
                "Niet iedereen kan goed lezen. Een gesprek aan de deur werkt dan beter.",
                "Zet er altijd een naam en telefoonnummer bij van iemand die je vragen kunt "
                "stellen.",
                "Woorden als participatietraject en cocreatie schrikken bewoners eerder af dan "
                "dat ze uitnodigen.",
            ),
        ),
        SubTheme(
            "Papier of digitaal",
            Stance.DIVIDING,
            (
                "Een wijkkrant op papier bereikt veel meer mensen dan een website.",
                "Alles online zetten sluit ouderen en mensen zonder computer uit.",
                "Papieren folders gaan ongelezen bij het oud papier, doe het digitaal.",
                "Een wijkapp waarin je ook kunt reageren is veel handiger dan een brief.",
                "Ik wil niet nog een app op mijn telefoon, een nieuwsbrief per mail is genoeg.",
                "Het prikbord in de supermarkt wordt beter gelezen dan je denkt.",
                "Jongeren bereik je alleen via sociale media, niet met een wijkkrant.",
                "Stop het belangrijkste nieuws uit de wijk gewoon op papier in de bus.",
                "Een digitale nieuwsbrief is goedkoper, dat geld kan naar de wijk zelf.",
                "Papier en online samen is het eerlijkst, ook al kost het meer.",
                "Mijn moeder van 84 heeft geen smartphone en leest alles wat op papier in de bus "
                "valt. Komt alles alleen nog online, dan hoort zij nergens meer iets van.",
            ),
        ),
        SubTheme(
            "Een openbare lijst van afspraken",
            Stance.MIXED,
            (
                "Zet alle afspraken en toezeggingen voor de wijk op een openbare lijst, met "
                "een datum.",
                "Een openbare agenda werkt alleen als iemand hem ook echt bijhoudt.",
                "Laat elk half jaar zien welke beloftes zijn nagekomen en welke niet.",
                "Ik wil kunnen zien hoe ver een project is, zonder dat ik hoef te bellen.",
                "Een lijst met toezeggingen wordt al snel een lijst met excuses.",
                "Noem bij elke afspraak wie er verantwoordelijk voor is.",
                "Zo'n overzicht is mooi, maar na een maand kijkt niemand er meer naar.",
                "Bespreek de voortgang elk jaar in een open bijeenkomst in de wijk.",
                "Als de gemeente iets belooft, moet ze het opschrijven, zodat we haar erop "
                "kunnen aanspreken.",
                "Het risico is dat er alleen nog dingen beloofd worden die makkelijk zijn.",
            ),
        ),
        SubTheme(
            "Minder terugkoppelen",
            Stance.REJECTED,
            (
                "Communicatie met de wijk kan het beste alleen via de wijkraad lopen.",
                "Bewoners hoeven niet alles te weten, laat de professionals het onderling "
                "afstemmen.",
                "Eén keer per jaar een verslag is ruim voldoende.",
                "Terugkoppelen kost alleen maar tijd, besteed die liever aan de uitvoering.",
                "Wie iets wil weten, kan het zelf opzoeken op de website van de gemeente.",
                "Het is niet nodig om uit te leggen waarom een idee niet doorgaat.",
                "Alle informatie over de wijk zou alleen nog via een app moeten komen.",
                "Inspraakavonden kunnen weg, de gemeente weet zelf wel wat nodig is.",
            ),
        ),
    ),
)

QUESTIONS: tuple[BankQuestion, ...] = (
    _SAMENWERKING,
    _ONTMOETEN,
    _GROEN,
    _VEILIGHEID,
    _TERUGKOPPELING,
)

# Ways people start a statement; the phrasing's first letter is lowered after a colon.
OPENINGS = (
    "Eerlijk gezegd: ",
    "Wat mij betreft: ",
    "Voor mij is het simpel: ",
    "Kort gezegd: ",
    "Belangrijk punt: ",
    "Mijn ervaring: ",
    "Om te beginnen: ",
    "Mijn punt: ",
    "Wat ik zie: ",
)
REACTION_OPENINGS = (
    "Eens, en ",
    "Klopt, maar ",
    "Aanvulling: ",
    "Precies, ",
    "Mee eens. ",
    "Dat zie ik anders: ",
    "Goed punt, en ",
    "Ja, maar ",
    "Daarom juist: ",
)
# Closing sentences that fit any phrasing: they only say where the view comes from.
CLOSINGS = (
    "Dat merk ik zelf ook.",
    "Dat hoor ik ook van mijn buren.",
    "Dat is in elk geval mijn ervaring.",
    "Dat zie ik in mijn eigen straat.",
    "Daar ben ik echt van overtuigd.",
    "Dat mag best eens gezegd worden.",
    "Dat geldt volgens mij voor de hele wijk.",
    "Zo simpel is het eigenlijk.",
    "Ik spreek uit ervaring.",
    "Voor mij is dit het belangrijkste punt.",
    "Dat zeg ik al jaren.",
    "Daar hebben we het vaker over gehad.",
)

OPENING_CHANCE = 0.2
CLOSING_CHANCE = 0.35
HASHTAG_CHANCE = 0.15
NO_FULL_STOP_CHANCE = 0.2  # people often skip the last full stop


def statement_text(
    rng: random.Random,
    *,
    question: BankQuestion,
    theme: SubTheme,
    is_reaction: bool,
    max_chars: int,
) -> str:
    """Pick a phrasing of the theme and vary it a little; never longer than `max_chars`."""
    phrasing = rng.choice(theme.phrasings)
    text = phrasing
    if is_reaction:
        text = with_opening(rng.choice(REACTION_OPENINGS), text)
    elif rng.random() < OPENING_CHANCE:
        text = with_opening(rng.choice(OPENINGS), text)
    if rng.random() < CLOSING_CHANCE:
        text = f"{text} {rng.choice(CLOSINGS)}"
    if rng.random() < HASHTAG_CHANCE:
        text = f"{text} {question.hashtag}" if rng.random() < 0.5 else f"{question.hashtag} {text}"
    if text.endswith(".") and rng.random() < NO_FULL_STOP_CHANCE:
        text = text[:-1]
    if len(text) <= max_chars:
        return text
    return phrasing[:max_chars]


def with_opening(opening: str, phrasing: str) -> str:
    """Put an opening before a phrasing, lowering its first letter unless a sentence ends."""
    if opening.endswith(". "):
        return opening + phrasing
    if phrasing.startswith("Eén"):  # Dutch keeps both accents: "één", not "eén"
        return opening + "één" + phrasing[3:]
    return opening + phrasing[0].lower() + phrasing[1:]

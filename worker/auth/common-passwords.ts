/**
 * Common passwords and the base words of the most common password patterns
 * (e.g. "Password1!" is "password" with a capital, a digit and a symbol added).
 * Compiled from the top entries of public breach-frequency lists. The check in
 * password.ts lower-cases, undoes common letter/symbol swaps and trims leading
 * and trailing digits and symbols before looking a password up here.
 */
export const COMMON_PASSWORDS: ReadonlySet<string> = new Set(
  `
123456 password 12345678 qwerty 123456789 12345 1234 111111 1234567 dragon 123123 baseball abc123
football monkey letmein 696969 shadow master 666666 qwertyuiop 123321 mustang 1234567890 michael
654321 pussy superman 1qaz2wsx 7777777 fuckyou 121212 000000 qazwsx 123qwe killer trustno1 jordan
jennifer zxcvbnm asdfgh hunter buster soccer harley batman andrew tigger sunshine iloveyou fuckme
2000 charlie robert thomas hockey ranger daniel starwars klaster 112233 george asshole computer
michelle jessica pepper 1111 zxcvbn 555555 11111111 131313 freedom 777777 pass maggie 159753 aaaaaa
ginger princess joshua cheese amanda summer love ashley 6969 nicole chelsea biteme matthew access
yankees 987654321 dallas austin thunder taylor matrix minecraft william corvette hello martin
heather secret merlin diamond 1234qwer gfhjkm hammer silver 222222 88888888 anthony justin test
bailey q1w2e3r4t5 patrick internet scooter orange 11111 golfer cookie richard samantha bigdog
guitar jackson whatever mickey chicken sparky snoopy maverick phoenix camaro peanut morgan welcome
falcon cowboy ferrari samsung andrea smokey steelers joseph mercedes dakota arsenal eagles melissa
boomer booboo spider nascar monster tigers yellow xxxxxx 123123123 gateway marina diablo bulldog
qwer1234 compaq purple hardcore banana junior hannah 123654 porsche lakers iceman money cowboys
987654 london tennis 999999 ncc1701 coffee scooby 0000 miller boston q1w2e3r4 brandon yamaha
chester mother forever johnny edward 333333 oliver redsox player nikita knight fender barney
midnight please brandy chicago badboy slayer rangers charles angel flower bigdaddy rabbit wizard
bigdick jasper enter rachel chris steven winner adidas victoria natasha 1q2w3e4r jasmine winter
prince panties marine ghbdtn fishing cocacola casper james 232323 raiders 888888 marlboro gandalf
asdfasdf crystal 87654321 12344321 golden 8675309 sexy marvin blahblah enjoy bigtits booger
access14 jessie 13579 qwe123 welcome1 passw0rd password1 password123 admin administrator root toor
letmein1 iloveyou1 princess1 monkey1 dragon1 sunshine1 shadow1 football1 baseball1 master1 abc1234
qwerty123 qwerty1 1q2w3e 1qazxsw2 zaq12wsx zaq1zaq1 qazwsxedc asdf1234 asdfghjkl qwertyui azerty
azertyuiop changeme default guest user login temp temp123 test123 testing demo secret1 hello123
hello1 welcome123 letmein123 admin123 admin1 root123 pass123 pass1234 passpass password12
password1234 p4ssword summer2024 summer2025 summer2026 winter2024 winter2025 winter2026 spring2025
spring2026 autumn2025 fall2025 january february march april may june july august september october
november december monday tuesday friday sunday spring autumn fall season lovely loveme lover
loveyou iloveu babygirl baby sweety sweetheart honey angel1 angels beautiful butterfly flowers
rainbow unicorn kitten kitty puppy doggie dog cat tiger lion eagle dolphin horse bear wolf fox
shark snake pokemon pikachu naruto goku superstar rockstar star stars galaxy universe heaven hell
god jesus christ jesus1 blessed faith hope trinity matrix1 neo zion hacker hacked hackme nothing
nobody someone anything everything whatever1 qwertz asdfgh1 zxcvbnm1 poiuytre mnbvcxz 147258369
147258 159357 741852963 963852741 123abc abcdef abcd1234 abc12345 aa123456 a123456 a12345 a1b2c3
a1b2c3d4 1a2b3c 123456a 12345a 1234abcd qwertyu company business office work money1 cash dollar
bitcoin crypto freedom1 liberty america usa canada london1 paris berlin tokyo bangkok thailand
england france germany mexico brazil china india russia moscow chicago1 newyork texas florida
california football2 soccer1 hockey1 basketball baseball2 golf tennis1 chelsea1 arsenal1 liverpool
manchester united barcelona realmadrid juventus yankees1 lakers1 cowboys1 steelers1 packers
patriots giants eagles1 bears broncos dolphins redskins raiders1 ranger1 jordan23 kobe24 lebron
michael1 jennifer1 jessica1 ashley1 amanda1 nicole1 daniel1 matthew1 andrew1 joshua1 christopher
justin1 robert1 thomas1 charlie1 william1 george1 hannah1 samantha1 elizabeth sarah emily olivia
sophia emma isabella mia abigail madison chloe grace natalie anna alexander alex alexis ethan jacob
noah liam mason logan lucas jack harry henry james1 john david richard1 joseph1 mark paul peter
steve tony kevin brian jason eric adam scott frank gary larry jeff ryan sam ben dan tom bob mike
chris1 nick max buddy rocky lucky bandit blue red green black white pink orange1 yellow1 purple1
silver1 golden1 diamond1 crystal1 pearl ruby emerald sapphire apple banana1 cherry lemon mango
peach strawberry chocolate vanilla candy sugar cookie1 pizza burger coffee1 beer whiskey vodka wine
party music guitar1 piano drums dance rock metal punk jazz disney mickey1 minnie batman1 superman1
spiderman ironman hulk thor captain avengers starwars1 startrek jedi skywalker yoda vader gandalf1
frodo hobbit harrypotter hogwarts voldemort matrix2 computer1 laptop windows linux apple1 google
facebook twitter instagram youtube yahoo hotmail gmail outlook internet1 email website online
network server system security secure private personal family friends friend mother1 father mom dad
sister brother baby1 children kids home house garden summer1 winter1 spring1 sun moon sky ocean sea
beach island mountain river forest nature earth fire water wind storm thunder1 lightning shadow2
ghost dark darkness death killer1 ninja samurai warrior soldier army navy marine1 pilot doctor
nurse teacher student school college university master2 mastermind genius smart clever cool awesome
amazing perfect super superman2 hero legend champion winner1 victory success power powerful strong
strength energy magic wizard1 dragon2 phoenix1 destiny fortune lucky1 chance random secret2 mystery
hidden private1 letmeinnow openup opensesame iamthebest trustme trustno one two three four five six
seven eight nine ten hundred thousand million zero first second welcome2 hello2 goodbye goodluck
happy happiness smile sunshine2 rainbow1 peace love1 lovelove kiss hug cuddle sweet cutie cute
pretty gorgeous sexy1 hottie hot babe princess2 queen king prince1 lady lord sir boss chief leader
captain1 general major colonel sergeant
`
    .split(/\s+/)
    .filter(Boolean),
);

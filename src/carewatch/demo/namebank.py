"""Name parts for generated people and facilities: Arabic script with the Latin spellings sources use.

Each entry is (Arabic, (spellings…)); the first spelling is the one the consolidated record
keeps, the others are how other sources write it ("Mohammad"/"Muhammad"/"Mohamed",
"Abd al-Rahman"/"Abdulrahman"), so the generated person records exercise name linkage.
"""

from __future__ import annotations

NamePart = tuple[str, tuple[str, ...]]

MALE_GIVEN: tuple[NamePart, ...] = (
    ("محمد", ("Mohammad", "Muhammad", "Mohamed", "Mohammed")),
    ("أحمد", ("Ahmad", "Ahmed")),
    ("عبد الرحمن", ("Abd al-Rahman", "Abdulrahman", "Abdul Rahman", "Abdelrahman")),
    ("عبد الله", ("Abdullah", "Abd Allah", "Abdallah")),
    ("عبد الكريم", ("Abd al-Karim", "Abdulkarim", "Abdel Karim")),
    ("خالد", ("Khaled", "Khalid")),
    ("عمر", ("Omar", "Umar")),
    ("علي", ("Ali",)),
    ("حسن", ("Hassan", "Hasan")),
    ("حسين", ("Hussein", "Hussain", "Husayn")),
    ("يوسف", ("Yousef", "Youssef", "Yusuf")),
    ("إبراهيم", ("Ibrahim", "Ebrahim")),
    ("مصطفى", ("Mustafa", "Moustafa", "Mostafa")),
    ("محمود", ("Mahmoud", "Mahmud")),
    ("سامر", ("Samer", "Samir")),
    ("وسيم", ("Wassim", "Wasim")),
    ("أيمن", ("Ayman", "Aiman")),
    ("باسل", ("Basel", "Basil")),
    ("عمار", ("Ammar", "Amar")),
    ("مازن", ("Mazen", "Mazin")),
    ("فراس", ("Firas", "Feras")),
    ("ياسر", ("Yaser", "Yasser", "Yasir")),
    ("طارق", ("Tarek", "Tariq")),
    ("رامي", ("Rami", "Ramy")),
    ("جمال", ("Jamal", "Gamal")),
    ("ماهر", ("Maher", "Mahir")),
    ("نبيل", ("Nabil", "Nabeel")),
    ("هيثم", ("Haitham", "Haytham")),
    ("معاذ", ("Muaz", "Moaz", "Mu'adh")),
    ("صالح", ("Saleh", "Salih")),
)

FEMALE_GIVEN: tuple[NamePart, ...] = (
    ("فاطمة", ("Fatima", "Fatma", "Fatimah")),
    ("مريم", ("Mariam", "Maryam", "Meriem")),
    ("آمنة", ("Amina", "Amneh", "Aminah")),
    ("رنا", ("Rana",)),
    ("هبة", ("Heba", "Hiba")),
    ("سارة", ("Sara", "Sarah")),
    ("نور", ("Nour", "Noor", "Nur")),
    ("ريم", ("Reem", "Rim")),
    ("لينا", ("Lina", "Leena")),
    ("دعاء", ("Doaa", "Du'a", "Duaa")),
    ("أسماء", ("Asmaa", "Asma")),
    ("زينب", ("Zainab", "Zaynab", "Zeinab")),
    ("خديجة", ("Khadija", "Khadijah")),
    ("رهف", ("Rahaf",)),
    ("سلمى", ("Salma", "Selma")),
    ("ياسمين", ("Yasmin", "Yasmine")),
    ("هدى", ("Huda", "Hoda")),
)

FAMILY: tuple[NamePart, ...] = (
    ("الأحمد", ("al-Ahmad", "Al Ahmad", "el-Ahmad")),
    ("الحسن", ("al-Hassan", "Al Hasan", "el-Hasan")),
    ("العلي", ("al-Ali", "Al Ali", "Alali")),
    ("الخطيب", ("al-Khatib", "Al Khateeb", "el-Khatib")),
    ("الحمصي", ("al-Homsi", "Al Homsi", "el-Homsy")),
    ("الحلبي", ("al-Halabi", "Al Halaby", "Halabi")),
    ("الشامي", ("al-Shami", "Al Shami", "ash-Shami")),
    ("المصري", ("al-Masri", "Al Masry", "el-Masri")),
    ("السيد", ("al-Sayed", "Al Sayyed", "el-Sayed")),
    ("الحاج", ("al-Hajj", "Al Haj", "el-Hajj")),
    ("العمر", ("al-Omar", "Al Omar", "Alomar")),
    ("الإبراهيم", ("al-Ibrahim", "Al Ibrahim")),
    ("الجاسم", ("al-Jasem", "Al Jassim", "al-Jasim")),
    ("الحمود", ("al-Hamoud", "Al Hammoud")),
    ("درويش", ("Darwish", "Darweesh")),
    ("قاسم", ("Qasem", "Kassem", "Qassim")),
    ("حداد", ("Haddad", "Hadad")),
    ("النجار", ("al-Najjar", "Najjar", "el-Najjar")),
    ("العبد الله", ("al-Abdullah", "Al Abdallah")),
    ("السالم", ("al-Salem", "Al Salem", "as-Salem")),
    ("الرفاعي", ("al-Rifai", "Al Rifaie", "Rifai")),
    ("الخليل", ("al-Khalil", "Al Khalil")),
    ("العثمان", ("al-Othman", "Al Othman", "al-Uthman")),
    ("البكور", ("al-Bakour", "Al Bakkour")),
    ("اليوسف", ("al-Yousef", "Al Yousef", "al-Yusuf")),
    ("الشيخ", ("al-Sheikh", "Al Sheikh", "el-Sheikh")),
    ("العيسى", ("al-Issa", "Al Eissa")),
    ("المحمد", ("al-Mohammad", "Al Mohamad", "al-Muhammad")),
)

# (Arabic, English) adjectives that name hospitals all over the region.
FACILITY_WORDS: tuple[tuple[str, str], ...] = (
    ("الأمل", "Al-Amal"),
    ("الرحمة", "Al-Rahma"),
    ("الشفاء", "Al-Shifa"),
    ("النور", "Al-Nour"),
    ("الإحسان", "Al-Ihsan"),
    ("السلام", "Al-Salam"),
    ("الحكمة", "Al-Hikma"),
    ("الهدى", "Al-Huda"),
    ("الإيمان", "Al-Iman"),
    ("البر", "Al-Birr"),
    ("الرازي", "Al-Razi"),
    ("ابن سينا", "Ibn Sina"),
    ("الزهراء", "Al-Zahraa"),
    ("الوفاء", "Al-Wafaa"),
    ("الفجر", "Al-Fajr"),
    ("الياسمين", "Al-Yasmin"),
)

# Letters for generated field-hospital code names; "M" is left out so none looks like Aleppo's M1-M10.
CODE_LETTERS = "ABDHKNPQRSTVZ"

AFFILIATIONS = (
    "Local health directorate (demo)",
    "Relief NGO (demo)",
    "Civil defence centre (demo)",
    "Ambulance network (demo)",
    "Independent clinic (demo)",
)

SPECIALTIES = (
    "general surgery",
    "orthopaedics",
    "paediatrics",
    "anaesthesia",
    "internal medicine",
    "obstetrics and gynaecology",
    "emergency medicine",
    "general practice",
)

FAMILY_DETAILS = (
    "Married, father of three; family displaced within the governorate.",
    "Survived by her mother and two brothers.",
    "Married, two young children.",
    "Eldest son; supported his parents and four siblings.",
    "Widow, one daughter.",
    "متزوج وأب لطفلين.",
    "تعيل والدتها وإخوتها الصغار.",
)

CLEARED_BY = ("Family, through the field team", "Employer organisation", "Family (written consent)")

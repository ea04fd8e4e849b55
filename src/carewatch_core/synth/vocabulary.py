"""Names for generated people: (scholarly romanisation, Arabic script), most frequent first.

Common Syrian given names and family names, written once in a scholarly romanisation
(long vowels unmarked, "al-" for the article, "Abd al-" and "al-Din" for the compounds)
and once in Arabic script as it is usually spelled (hamza seats, taa marbuta, alef
maqsura written). Sources' habits are applied to these by ``synth.romanise``. Frequencies
follow a Zipf law over the order below (Muhammad and Ahmad are far more common than
Muayyad), so that, as in real lists, many different people share a given name.
"""

from __future__ import annotations

Name = tuple[str, str]


def _pairs(text: str) -> tuple[Name, ...]:
    rows = (line.split(":") for line in text.strip().splitlines())
    return tuple((latin.strip(), arabic.strip()) for latin, arabic in rows)


MALE: tuple[Name, ...] = _pairs("""
Muhammad:محمد
Ahmad:أحمد
Mahmud:محمود
Ali:علي
Mustafa:مصطفى
Khalid:خالد
Abd al-Rahman:عبد الرحمن
Hasan:حسن
Umar:عمر
Ibrahim:إبراهيم
Yusuf:يوسف
Husayn:حسين
Abd Allah:عبد الله
Abd al-Qadir:عبد القادر
Samir:سمير
Walid:وليد
Bashar:بشار
Hamza:حمزة
Abd al-Karim:عبد الكريم
Ammar:عمار
Anas:أنس
Bilal:بلال
Usama:أسامة
Ayman:أيمن
Abd al-Aziz:عبد العزيز
Nur al-Din:نور الدين
Yasir:ياسر
Fadi:فادي
Muhannad:مهند
Hisham:هشام
Tariq:طارق
Ziyad:زياد
Jamal:جمال
Adnan:عدنان
Wail:وائل
Bassam:بسام
Salih:صالح
Said:سعيد
Qasim:قاسم
Abd al-Latif:عبد اللطيف
Ismail:إسماعيل
Sulayman:سليمان
Khalil:خليل
Rami:رامي
Marwan:مروان
Ghassan:غسان
Imad:عماد
Iyad:إياد
Firas:فراس
Abd al-Hamid:عبد الحميد
Salah al-Din:صلاح الدين
Musa:موسى
Yahya:يحيى
Hazim:حازم
Nabil:نبيل
Kamal:كمال
Adil:عادل
Mazin:مازن
Jihad:جهاد
Nidal:نضال
Hashim:هاشم
Salim:سليم
Abd al-Salam:عبد السلام
Abu Bakr:أبو بكر
Uthman:عثمان
Saad:سعد
Haytham:هيثم
Muadh:معاذ
Shadi:شادي
Majd:مجد
Ayham:أيهم
Radwan:رضوان
Abd al-Razzaq:عبد الرزاق
Abd al-Majid:عبد المجيد
Ala al-Din:علاء الدين
Khayr al-Din:خير الدين
Ishaq:إسحاق
Yaqub:يعقوب
Isa:عيسى
Zakariya:زكريا
Idris:إدريس
Fawwaz:فواز
Fayiz:فايز
Nasir:ناصر
Mansur:منصور
Munir:منير
Mundhir:منذر
Ghiyath:غياث
Raid:رائد
Jalal:جلال
Talal:طلال
Husam:حسام
Isam:عصام
Subhi:صبحي
Muayyad:مؤيد
Hudhayfa:حذيفة
Abd al-Ghani:عبد الغني
Abd al-Nasir:عبد الناصر
""")

FEMALE: tuple[Name, ...] = _pairs("""
Fatima:فاطمة
Aisha:عائشة
Maryam:مريم
Khadija:خديجة
Zaynab:زينب
Nur:نور
Amina:آمنة
Huda:هدى
Asma:أسماء
Hiba:هبة
Rana:رنا
Layla:ليلى
Salma:سلمى
Samira:سميرة
Iman:إيمان
Rima:ريما
Lina:لينا
Nadia:نادية
Suad:سعاد
Hanan:حنان
Ghada:غادة
Manal:منال
Rasha:رشا
Dua:دعاء
Ala:آلاء
Bushra:بشرى
Rahaf:رهف
Yasmin:ياسمين
Shayma:شيماء
Ruqayya:رقية
Safa:صفاء
Marwa:مروة
Abir:عبير
Wafa:وفاء
Sana:سناء
Najah:نجاح
Hala:هالة
Dima:ديمة
Lama:لمى
Widad:وداد
""")

FAMILY: tuple[Name, ...] = _pairs("""
al-Halabi:الحلبي
al-Ahmad:الأحمد
al-Ali:العلي
al-Hasan:الحسن
al-Masri:المصري
al-Shami:الشامي
al-Hamwi:الحموي
al-Homsi:الحمصي
al-Khatib:الخطيب
al-Najjar:النجار
al-Haddad:الحداد
al-Sabbagh:الصباغ
al-Idlibi:الإدلبي
al-Husayn:الحسين
al-Muhammad:المحمد
al-Hallaq:الحلاق
al-Khayyat:الخياط
al-Attar:العطار
al-Jundi:الجندي
al-Kurdi:الكردي
al-Shaykh:الشيخ
al-Sayyid:السيد
al-Hashimi:الهاشمي
al-Rifai:الرفاعي
al-Zubi:الزعبي
al-Hariri:الحريري
al-Miqdad:المقداد
al-Hawrani:الحوراني
al-Darwish:الدرويش
Qabbani:قباني
al-Shihabi:الشهابي
al-Atasi:الأتاسي
al-Jabiri:الجابري
Kayyali:كيالي
Mardini:مارديني
Sukkar:سكر
Tarabishi:طرابيشي
Hamdan:حمدان
Hammud:حمود
Khattab:خطاب
Barakat:بركات
Zaydan:زيدان
al-Salih:الصالح
al-Khalaf:الخلف
al-Isa:العيسى
al-Hammadi:الحمادي
al-Dalati:الدالاتي
al-Baytar:البيطار
al-Nahhas:النحاس
Bakkar:بكار
Qassab:قصاب
Dabbagh:دباغ
Farhat:فرحات
Haydar:حيدر
Jabir:جابر
Shakir:شاكر
al-Jasim:الجاسم
al-Hamad:الحمد
al-Ubayd:العبيد
al-Ghanim:الغانم
al-Fayyad:الفياض
al-Shammari:الشمري
al-Aqidi:العكيدي
al-Shaar:الشعار
al-Sawwaf:الصواف
al-Rawi:الراوي
al-Najm:النجم
al-Asad:الأسعد
al-Khidr:الخضر
Habib:حبيب
Saqqa:سقا
Kanan:كنعان
Mahfuz:محفوظ
Mari:مرعي
Taha:طه
Hijazi:حجازي
Shaban:شعبان
Ramadan:رمضان
al-Turkmani:التركماني
al-Qadiri:القادري
Abazid:أبازيد
al-Masalma:المسالمة
al-Tabbakh:الطباخ
Dakkak:دكاك
Arnaut:أرناؤوط
al-Hamid:الحامد
al-Awad:العواد
al-Hajji:الحجي
Makhlouf:مخلوف
al-Dirani:الداراني
al-Zahir:الظاهر
al-Dhahabi:الذهبي
Ghazal:غزال
Sharif:شريف
Murad:مراد
""")

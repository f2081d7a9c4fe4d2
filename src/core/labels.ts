/**
 * The words Pressroom itself prints around an article (byline, dateline, credit, page numbers,
 * headings of the contents and the notes), in the article's language: dates are already written
 * in it, so an English "Published" before "21 avril 2023" would read as a mistake.
 */
export interface Labels {
  /** The byline; `{names}` are the reporters, joined as the language lists names. */
  byline: string;
  /** Before the publication date (and its time), with the preposition the language puts there. */
  published: string;
  updated: string;
  /** Before a picture's credit, when the template gives no `credit.prefix`. */
  photo: string;
  /** The running header's and footer's `{page_of_pages}`. */
  pageOfPages: string;
  contents: string;
  notes: string;
  /** The EPUB's landmarks (the "go to" menu of reading systems): cover, start, and the heading of their list. */
  cover: string;
  start: string;
  landmarks: string;
  /** The cover picture's alternative text; `{what}` is what it shows. */
  coverAlt: string;
  /** The alternative text of a picture the manuscript gives none for. */
  undescribedPicture: string;
  /** A note's link back to its second, third … citation; `{number}` is which. */
  backToCitation: string;
  /** What a screen reader says for a task list's ticked and unticked boxes. */
  taskDone: string;
  taskNotDone: string;
}

const ENGLISH: Labels = {
  byline: 'By {names}',
  published: 'Published',
  updated: 'Updated',
  photo: 'Photo: ',
  pageOfPages: 'Page {page} of {pages}',
  contents: 'Contents',
  notes: 'Notes',
  cover: 'Cover',
  start: 'Start of the article',
  landmarks: 'Landmarks',
  coverAlt: 'Cover: {what}',
  undescribedPicture: 'Picture without a description',
  backToCitation: 'Back to citation {number}',
  taskDone: 'done',
  taskNotDone: 'not done',
};

/**
 * By language tag, lower case: a whole tag first (`pt-br`), then its primary subtag. Where a word
 * before the names would force them into another case or gender (Greek "Του/Της …" takes the
 * genitive, Polish "Autor"/"Autorka" and Czech "Autor"/"Autorka" the reporter's gender), the byline
 * is the names alone, as newspapers in those languages print it; Finnish, Hungarian and Turkish
 * newspapers print the names alone too.
 */
const LABELS: Record<string, Labels> = {
  en: ENGLISH,
  de: {
    byline: 'Von {names}',
    published: 'Veröffentlicht am',
    updated: 'Aktualisiert am',
    photo: 'Foto: ',
    pageOfPages: 'Seite {page} von {pages}',
    contents: 'Inhalt',
    notes: 'Anmerkungen',
    cover: 'Cover',
    start: 'Beginn des Artikels',
    landmarks: 'Orientierungspunkte',
    coverAlt: 'Cover: {what}',

    undescribedPicture: 'Bild ohne Beschreibung',
    backToCitation: 'Zurück zur Verweisstelle {number}',
    taskDone: 'erledigt',
    taskNotDone: 'nicht erledigt',
  },
  fr: {
    byline: 'Par {names}',
    published: 'Publié le',
    updated: 'Mis à jour le',
    // French sets a no-break space before a colon.
    photo: 'Photo\u00A0: ',
    pageOfPages: 'Page {page} sur {pages}',
    contents: 'Sommaire',
    notes: 'Notes',
    cover: 'Couverture',
    start: 'Début de l’article',
    landmarks: 'Repères',
    coverAlt: 'Couverture\u00A0: {what}',

    undescribedPicture: 'Image sans description',
    backToCitation: 'Retour à l’appel de note {number}',
    taskDone: 'fait',
    taskNotDone: 'à faire',
  },
  es: {
    byline: 'Por {names}',
    published: 'Publicado el',
    updated: 'Actualizado el',
    photo: 'Foto: ',
    pageOfPages: 'Página {page} de {pages}',
    contents: 'Índice',
    notes: 'Notas',
    cover: 'Cubierta',
    start: 'Inicio del artículo',
    landmarks: 'Puntos de referencia',
    coverAlt: 'Cubierta: {what}',

    undescribedPicture: 'Imagen sin descripción',
    backToCitation: 'Volver a la llamada {number}',
    taskDone: 'hecho',
    taskNotDone: 'pendiente',
  },
  it: {
    byline: 'Di {names}',
    published: 'Pubblicato il',
    updated: 'Aggiornato il',
    photo: 'Foto: ',
    pageOfPages: 'Pagina {page} di {pages}',
    contents: 'Indice',
    notes: 'Note',
    cover: 'Copertina',
    start: 'Inizio dell’articolo',
    landmarks: 'Punti di riferimento',
    coverAlt: 'Copertina: {what}',

    undescribedPicture: 'Immagine senza descrizione',
    backToCitation: 'Torna al richiamo {number}',
    taskDone: 'fatto',
    taskNotDone: 'da fare',
  },
  pt: {
    byline: 'Por {names}',
    published: 'Publicado em',
    updated: 'Atualizado em',
    photo: 'Foto: ',
    pageOfPages: 'Página {page} de {pages}',
    contents: 'Índice',
    notes: 'Notas',
    cover: 'Capa',
    start: 'Início do artigo',
    landmarks: 'Pontos de referência',
    coverAlt: 'Capa: {what}',

    undescribedPicture: 'Imagem sem descrição',
    backToCitation: 'Voltar à chamada {number}',
    taskDone: 'feito',
    taskNotDone: 'por fazer',
  },
  nl: {
    byline: 'Door {names}',
    published: 'Gepubliceerd op',
    updated: 'Bijgewerkt op',
    photo: 'Foto: ',
    pageOfPages: 'Pagina {page} van {pages}',
    contents: 'Inhoud',
    notes: 'Noten',
    cover: 'Omslag',
    start: 'Begin van het artikel',
    landmarks: 'Oriëntatiepunten',
    coverAlt: 'Omslag: {what}',

    undescribedPicture: 'Afbeelding zonder beschrijving',
    backToCitation: 'Terug naar verwijzing {number}',
    taskDone: 'gedaan',
    taskNotDone: 'niet gedaan',
  },
  pl: {
    byline: '{names}',
    published: 'Opublikowano',
    updated: 'Zaktualizowano',
    photo: 'Fot. ',
    pageOfPages: 'Strona {page} z {pages}',
    contents: 'Spis treści',
    notes: 'Przypisy',
    cover: 'Okładka',
    start: 'Początek artykułu',
    landmarks: 'Punkty orientacyjne',
    coverAlt: 'Okładka: {what}',

    undescribedPicture: 'Obraz bez opisu',
    backToCitation: 'Powrót do odsyłacza {number}',
    taskDone: 'zrobione',
    taskNotDone: 'do zrobienia',
  },
  lt: {
    byline: '{names}',
    published: 'Paskelbta',
    updated: 'Atnaujinta',
    photo: 'Nuotr. ',
    pageOfPages: 'Puslapis {page} iš {pages}',
    contents: 'Turinys',
    notes: 'Išnašos',
    cover: 'Viršelis',
    start: 'Straipsnio pradžia',
    landmarks: 'Orientyrai',
    coverAlt: 'Viršelis: {what}',

    undescribedPicture: 'Paveikslėlis be aprašymo',
    backToCitation: 'Atgal į nuorodą {number}',
    taskDone: 'atlikta',
    taskNotDone: 'neatlikta',
  },
  el: {
    byline: '{names}',
    published: 'Δημοσιεύθηκε στις',
    updated: 'Ενημερώθηκε στις',
    photo: 'Φωτογραφία: ',
    pageOfPages: 'Σελίδα {page} από {pages}',
    contents: 'Περιεχόμενα',
    notes: 'Σημειώσεις',
    cover: 'Εξώφυλλο',
    start: 'Αρχή του άρθρου',
    landmarks: 'Ορόσημα',
    coverAlt: 'Εξώφυλλο: {what}',

    undescribedPicture: 'Εικόνα χωρίς περιγραφή',
    backToCitation: 'Επιστροφή στην παραπομπή {number}',
    taskDone: 'ολοκληρώθηκε',
    taskNotDone: 'εκκρεμεί',
  },
  ru: {
    byline: '{names}',
    published: 'Опубликовано',
    updated: 'Обновлено',
    photo: 'Фото: ',
    pageOfPages: 'Страница {page} из {pages}',
    contents: 'Содержание',
    notes: 'Примечания',
    cover: 'Обложка',
    start: 'Начало статьи',
    landmarks: 'Ориентиры',
    coverAlt: 'Обложка: {what}',

    undescribedPicture: 'Изображение без описания',
    backToCitation: 'Назад к ссылке {number}',
    taskDone: 'выполнено',
    taskNotDone: 'не выполнено',
  },
  uk: {
    byline: '{names}',
    published: 'Опубліковано',
    updated: 'Оновлено',
    photo: 'Фото: ',
    pageOfPages: 'Сторінка {page} з {pages}',
    contents: 'Зміст',
    notes: 'Примітки',
    cover: 'Обкладинка',
    start: 'Початок статті',
    landmarks: 'Орієнтири',
    coverAlt: 'Обкладинка: {what}',

    undescribedPicture: 'Зображення без опису',
    backToCitation: 'Назад до посилання {number}',
    taskDone: 'виконано',
    taskNotDone: 'не виконано',
  },
  ca: {
    byline: 'Per {names}',
    published: 'Publicat el',
    updated: 'Actualitzat el',
    photo: 'Foto: ',
    pageOfPages: 'Pàgina {page} de {pages}',
    contents: 'Índex',
    notes: 'Notes',
    cover: 'Coberta',
    start: 'Inici de l’article',
    landmarks: 'Punts de referència',
    coverAlt: 'Coberta: {what}',
    undescribedPicture: 'Imatge sense descripció',
    backToCitation: 'Torna a la crida {number}',
    taskDone: 'fet',
    taskNotDone: 'pendent',
  },
  sv: {
    byline: 'Av {names}',
    published: 'Publicerad',
    updated: 'Uppdaterad',
    photo: 'Foto: ',
    pageOfPages: 'Sida {page} av {pages}',
    contents: 'Innehåll',
    notes: 'Noter',
    cover: 'Omslag',
    start: 'Artikelns början',
    landmarks: 'Orienteringspunkter',
    coverAlt: 'Omslag: {what}',
    undescribedPicture: 'Bild utan beskrivning',
    backToCitation: 'Tillbaka till hänvisning {number}',
    taskDone: 'klar',
    taskNotDone: 'inte klar',
  },
  da: {
    byline: 'Af {names}',
    published: 'Publiceret',
    updated: 'Opdateret',
    photo: 'Foto: ',
    pageOfPages: 'Side {page} af {pages}',
    contents: 'Indhold',
    notes: 'Noter',
    cover: 'Omslag',
    start: 'Artiklens begyndelse',
    landmarks: 'Orienteringspunkter',
    coverAlt: 'Omslag: {what}',
    undescribedPicture: 'Billede uden beskrivelse',
    backToCitation: 'Tilbage til henvisning {number}',
    taskDone: 'udført',
    taskNotDone: 'ikke udført',
  },
  nb: {
    byline: 'Av {names}',
    published: 'Publisert',
    updated: 'Oppdatert',
    photo: 'Foto: ',
    pageOfPages: 'Side {page} av {pages}',
    contents: 'Innhold',
    notes: 'Noter',
    cover: 'Omslag',
    start: 'Begynnelsen av artikkelen',
    landmarks: 'Orienteringspunkter',
    coverAlt: 'Omslag: {what}',
    undescribedPicture: 'Bilde uten beskrivelse',
    backToCitation: 'Tilbake til henvisning {number}',
    taskDone: 'utført',
    taskNotDone: 'ikke utført',
  },
  fi: {
    byline: '{names}',
    published: 'Julkaistu',
    updated: 'Päivitetty',
    photo: 'Kuva: ',
    pageOfPages: 'Sivu {page}/{pages}',
    contents: 'Sisällys',
    notes: 'Viitteet',
    cover: 'Kansi',
    start: 'Artikkelin alku',
    landmarks: 'Maamerkit',
    coverAlt: 'Kansi: {what}',
    undescribedPicture: 'Kuva ilman kuvausta',
    backToCitation: 'Takaisin viittaukseen {number}',
    taskDone: 'tehty',
    taskNotDone: 'tekemättä',
  },
  cs: {
    byline: '{names}',
    published: 'Publikováno',
    updated: 'Aktualizováno',
    photo: 'Foto: ',
    pageOfPages: 'Strana {page} z {pages}',
    contents: 'Obsah',
    notes: 'Poznámky',
    cover: 'Obálka',
    start: 'Začátek článku',
    landmarks: 'Orientační body',
    coverAlt: 'Obálka: {what}',
    undescribedPicture: 'Obrázek bez popisu',
    backToCitation: 'Zpět na odkaz {number}',
    taskDone: 'splněno',
    taskNotDone: 'nesplněno',
  },
  hu: {
    byline: '{names}',
    published: 'Közzétéve:',
    updated: 'Frissítve:',
    photo: 'Fotó: ',
    pageOfPages: '{page}/{pages}. oldal',
    contents: 'Tartalom',
    notes: 'Jegyzetek',
    cover: 'Borító',
    start: 'A cikk eleje',
    landmarks: 'Tájékozódási pontok',
    coverAlt: 'Borító: {what}',
    undescribedPicture: 'Leírás nélküli kép',
    backToCitation: 'Vissza a hivatkozáshoz ({number}.)',
    taskDone: 'kész',
    taskNotDone: 'nincs kész',
  },
  tr: {
    byline: '{names}',
    published: 'Yayınlanma:',
    updated: 'Güncelleme:',
    photo: 'Fotoğraf: ',
    pageOfPages: 'Sayfa {page}/{pages}',
    contents: 'İçindekiler',
    notes: 'Notlar',
    cover: 'Kapak',
    start: 'Yazının başı',
    landmarks: 'Gezinme noktaları',
    coverAlt: 'Kapak: {what}',
    undescribedPicture: 'Açıklaması olmayan görsel',
    backToCitation: '{number}. atfa geri dön',
    taskDone: 'tamamlandı',
    taskNotDone: 'tamamlanmadı',
  },
  id: {
    byline: 'Oleh {names}',
    published: 'Diterbitkan',
    updated: 'Diperbarui',
    photo: 'Foto: ',
    pageOfPages: 'Halaman {page} dari {pages}',
    contents: 'Daftar isi',
    notes: 'Catatan',
    cover: 'Sampul',
    start: 'Awal artikel',
    landmarks: 'Tengara',
    coverAlt: 'Sampul: {what}',
    undescribedPicture: 'Gambar tanpa deskripsi',
    backToCitation: 'Kembali ke rujukan {number}',
    taskDone: 'selesai',
    taskNotDone: 'belum selesai',
  },
};

LABELS.ar = {
  byline: 'بقلم {names}',
  published: 'نُشر في',
  updated: 'حُدِّث في',
  photo: 'تصوير: ',
  pageOfPages: 'صفحة {page} من {pages}',
  contents: 'المحتويات',
  notes: 'الحواشي',
  cover: 'الغلاف',
  start: 'بداية المقال',
  landmarks: 'معالم الصفحة',
  coverAlt: 'الغلاف: {what}',
  undescribedPicture: 'صورة بلا وصف',
  backToCitation: 'العودة إلى الإحالة {number}',
  taskDone: 'منجز',
  taskNotDone: 'غير منجز',
};
LABELS.he = {
  byline: 'מאת {names}',
  published: 'פורסם',
  updated: 'עודכן',
  photo: 'צילום: ',
  pageOfPages: 'עמוד {page} מתוך {pages}',
  contents: 'תוכן העניינים',
  notes: 'הערות',
  cover: 'כריכה',
  start: 'תחילת המאמר',
  landmarks: 'ציוני דרך',
  coverAlt: 'כריכה: {what}',
  undescribedPicture: 'תמונה ללא תיאור',
  backToCitation: 'חזרה להפניה {number}',
  taskDone: 'בוצע',
  taskNotDone: 'לא בוצע',
};
LABELS.fa = {
  byline: 'نوشتهٔ {names}',
  published: 'منتشرشده در',
  updated: 'به‌روزشده در',
  photo: 'عکس: ',
  pageOfPages: 'صفحهٔ {page} از {pages}',
  contents: 'فهرست مطالب',
  notes: 'یادداشت‌ها',
  cover: 'جلد',
  start: 'آغاز مقاله',
  landmarks: 'نشانه‌ها',
  coverAlt: 'جلد: {what}',
  undescribedPicture: 'تصویر بدون توضیح',
  backToCitation: 'بازگشت به ارجاع {number}',
  taskDone: 'انجام‌شده',
  taskNotDone: 'انجام‌نشده',
};
// Brazil's books call the table of contents "Sumário".
LABELS['pt-br'] = { ...LABELS.pt!, contents: 'Sumário' };
// Norwegian without its written form is taken as Bokmål, which most Norwegian newspapers are written in.
LABELS.no = LABELS.nb!;
LABELS.nn = {
  ...LABELS.nb!,
  contents: 'Innhald',
  notes: 'Notar',
  start: 'Starten på artikkelen',
  landmarks: 'Orienteringspunkt',
  undescribedPicture: 'Bilete utan skildring',
  backToCitation: 'Tilbake til tilvising {number}',
  taskNotDone: 'ikkje utført',
};

/** The language tags with labels of their own; any other gets its primary language's, or the English ones. */
export const LABEL_LANGUAGES: readonly string[] = Object.keys(LABELS);

/** The labels for a BCP 47 tag (`pt-BR` has its own, `de-AT` takes German's); English for a language not in the table. */
export function labelsFor(lang: string): Labels {
  return LABELS[lang.toLowerCase()] ?? LABELS[primarySubtag(lang)] ?? ENGLISH;
}

const listFormats = new Map<string, Intl.ListFormat>();

/**
 * Names joined as the language lists them: "A, B and C" in English (no serial comma, as newspapers
 * write it), "A, B et C" in French. A language without labels of its own joins them in English too,
 * like the labels around them.
 */
export function listNames(names: readonly string[], lang: string): string {
  if (names.length <= 1) return names[0] ?? '';
  const primary = primarySubtag(lang);
  if (primary === 'en' || !LABELS[primary]) return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  let format = listFormats.get(primary);
  if (!format) {
    format = new Intl.ListFormat(primary, { type: 'conjunction', style: 'long' });
    listFormats.set(primary, format);
  }
  return format.format(names);
}

/** A label with its `{name}` fields filled in. */
export function fillLabel(label: string, values: Record<string, string | number>): string {
  return label.replace(/\{(\w+)\}/g, (field, name: string) => (Object.hasOwn(values, name) ? String(values[name]) : field));
}

function primarySubtag(lang: string): string {
  return lang.toLowerCase().split('-')[0] ?? '';
}

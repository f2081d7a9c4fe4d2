// Stands in for the linebreak package, which pdfkit imports for its own text layout. Pressroom sets
// every line itself (src/pdf/text) and never calls doc.text(), so the Unicode tables it inflates on
// load are not needed.
export default class LineBreaker {
  constructor() {
    throw new Error("pdfkit's text layout is not used by Pressroom; lines are set in src/pdf/text");
  }
}

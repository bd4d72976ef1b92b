/**
 * The draft 监察建议书 as a Word document (DOCX, the `docx` package): the text of
 * domain/performance/recommendationDraft laid out as a letter with the findings in a table.
 */
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx'
import type { RecommendationDraft } from '../../domain/performance/recommendationDraft.ts'

const FONT = { ascii: 'FangSong', eastAsia: '仿宋', hAnsi: 'FangSong' }
const p = (text: string, opts: { bold?: boolean; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: boolean } = {}) =>
  new Paragraph({
    ...(opts.align ? { alignment: opts.align } : {}),
    ...(opts.indent ? { indent: { firstLine: 640 } } : {}),
    spacing: { after: 120, line: 400 },
    children: [new TextRun({ text, bold: opts.bold ?? false, font: FONT, size: 28 })],
  })
const cell = (text: string, bold = false) => new TableCell({ children: [new Paragraph({ children: [new TextRun({ text, bold, font: FONT, size: 21 })] })] })

/** The DOCX bytes of a draft recommendation. */
export async function recommendationDocx(d: RecommendationDraft): Promise<Buffer> {
  const table = new Table({
    width: { size: 100, type: WidthType.PERCENTAGE },
    rows: [
      new TableRow({ tableHeader: true, children: d.findingsHeader.map((h) => cell(h, true)) }),
      ...d.findings.map((f) => new TableRow({ children: [cell(f.indicator), cell(f.points), cell(f.formula), cell(f.refs)] })),
    ],
  })
  const doc = new Document({
    creator: d.signature,
    title: d.title,
    sections: [{
      children: [
        new Paragraph({ heading: HeadingLevel.TITLE, alignment: AlignmentType.CENTER, children: [new TextRun({ text: d.title, bold: true, font: FONT, size: 44 })] }),
        p(d.number, { align: AlignmentType.CENTER }),
        p(d.addressee),
        p(d.opening, { indent: true }),
        table,
        p(''),
        p('监察建议：', { bold: true }),
        ...d.recommendations.map((r) => p(r, { indent: true })),
        p(d.closing, { indent: true }),
        p(''),
        p(d.signature, { align: AlignmentType.RIGHT }),
        p(d.date, { align: AlignmentType.RIGHT }),
      ],
    }],
  })
  return Packer.toBuffer(doc)
}

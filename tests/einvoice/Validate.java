// Validates UBL 2.1 invoices and credit notes the way tax authorities and Peppol
// access points do: the UBL 2.1 XSD, then each schematron (compiled to XSLT) run
// with Saxon-HE, its SVRL read back. Every failed assert is printed with its rule
// id and flag. Run through tests/einvoice/validate, which finds the pinned
// artefacts; see tests/einvoice/README.md.
//
//   Validate --xsd-dir DIR --rules NAME=XSLT... FILE...
//
// Exit status: 0 every file valid (warnings allowed), 1 a fatal assert or an
// XSD error in some file, 2 the toolchain itself failed (an artefact missing, a
// stylesheet that does not compile, a step that produced no SVRL or fired no
// rule): a validator that skips its rules must never look like a pass.

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamReader;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import net.sf.saxon.s9api.DocumentBuilder;
import net.sf.saxon.s9api.Processor;
import net.sf.saxon.s9api.QName;
import net.sf.saxon.s9api.XdmDestination;
import net.sf.saxon.s9api.XdmNode;
import net.sf.saxon.s9api.XdmNodeKind;
import net.sf.saxon.s9api.XdmItem;
import net.sf.saxon.s9api.XPathCompiler;
import net.sf.saxon.s9api.XPathSelector;
import net.sf.saxon.s9api.XsltCompiler;
import net.sf.saxon.s9api.XsltExecutable;
import net.sf.saxon.s9api.XsltTransformer;
import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

public final class Validate {
  static final String SVRL = "http://purl.oclc.org/dsdl/svrl";
  static final String INVOICE_NS = "urn:oasis:names:specification:ubl:schema:xsd:Invoice-2";
  static final String CREDIT_NOTE_NS = "urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2";

  /** The toolchain failed: exit 2, never a pass. */
  static final class ToolchainError extends Exception {
    ToolchainError(String message) { super(message); }
  }

  public static void main(String[] args) {
    try {
      System.exit(run(args));
    } catch (ToolchainError e) {
      System.err.println("validate: ERROR: " + e.getMessage());
      System.exit(2);
    } catch (Exception e) {
      System.err.println("validate: ERROR: " + e);
      e.printStackTrace();
      System.exit(2);
    }
  }

  static int run(String[] args) throws Exception {
    Path xsdDir = null;
    Map<String, Path> rules = new LinkedHashMap<>();
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--xsd-dir") && i + 1 < args.length) {
        xsdDir = Path.of(args[++i]);
      } else if (a.equals("--rules") && i + 1 < args.length) {
        String[] nv = args[++i].split("=", 2);
        if (nv.length != 2 || nv[0].isEmpty()) throw new ToolchainError("--rules takes NAME=XSLT");
        rules.put(nv[0], Path.of(nv[1]));
      } else if (a.startsWith("--")) {
        throw new ToolchainError("unknown option " + a);
      } else {
        files.add(Path.of(a));
      }
    }
    if (xsdDir == null || rules.isEmpty() || files.isEmpty()) {
      throw new ToolchainError("usage: Validate --xsd-dir DIR --rules NAME=XSLT... FILE...");
    }
    Map<String, Path> schemaFiles = Map.of(
        "Invoice", xsdDir.resolve("ubl21/maindoc/UBL-Invoice-2.1.xsd"),
        "CreditNote", xsdDir.resolve("ubl21/maindoc/UBL-CreditNote-2.1.xsd"));
    for (Path p : schemaFiles.values()) requireFile(p, "UBL 2.1 schema");
    for (Map.Entry<String, Path> r : rules.entrySet()) requireFile(r.getValue(), r.getKey() + " rules");
    for (Path f : files) requireFile(f, "document");

    // Which schemas are needed, before anything slow starts.
    Map<Path, String> kinds = new LinkedHashMap<>();
    for (Path f : files) kinds.put(f, documentKind(f));

    // Compiling the large stylesheets dominates the run: compile them and load
    // the schemas in parallel, once for all the files.
    Processor processor = new Processor(false);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Map<String, Future<XsltExecutable>> compiled = new LinkedHashMap<>();
    boolean anyUbl = kinds.values().stream().anyMatch(k -> k != null);
    for (Map.Entry<String, Path> r : rules.entrySet()) {
      if (!anyUbl) break;  // nothing to run them on
      compiled.put(r.getKey(), pool.submit(() -> compile(processor, r.getKey(), r.getValue())));
    }
    Map<String, Future<Schema>> schemas = new LinkedHashMap<>();
    final Path schemaDir = xsdDir;
    for (String kind : kinds.values()) {
      if (kind != null && !schemas.containsKey(kind)) {
        schemas.put(kind, pool.submit(() -> loadSchema(schemaFiles.get(kind), schemaDir)));
      }
    }
    Map<String, XsltExecutable> stylesheets = new LinkedHashMap<>();
    try {
      for (Map.Entry<String, Future<XsltExecutable>> c : compiled.entrySet()) {
        stylesheets.put(c.getKey(), unwrap(c.getValue()));
      }
      for (Future<Schema> s : schemas.values()) unwrap(s);
    } finally {
      pool.shutdownNow();
    }

    int invalid = 0;
    for (Path f : files) {
      String kind = kinds.get(f);
      Report report = new Report(f.toString());
      if (kind == null) {
        report.fatal("xsd", "-", "the root element is not a UBL 2.1 Invoice or CreditNote", "/");
      } else {
        validateXsd(unwrap(schemas.get(kind)), f, report);
        XdmNode doc = parse(processor, f, report);
        if (doc != null) {
          for (Map.Entry<String, XsltExecutable> s : stylesheets.entrySet()) {
            runSchematron(processor, s.getKey(), s.getValue(), doc, report);
          }
        }
      }
      if (!report.print(kind)) invalid++;
    }
    System.out.println(files.size() - invalid + " valid, " + invalid + " invalid");
    return invalid == 0 ? 0 : 1;
  }

  static void requireFile(Path p, String what) throws ToolchainError {
    if (!Files.isRegularFile(p) || !Files.isReadable(p)) {
      throw new ToolchainError(what + " missing: " + p);
    }
  }

  static <T> T unwrap(Future<T> f) throws Exception {
    try {
      return f.get();
    } catch (java.util.concurrent.ExecutionException e) {
      if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
      throw e;
    }
  }

  /**
   * "Invoice", "CreditNote", or null for another root element. A document that
   * does not parse counts as an invoice, so that the XSD step reports why.
   */
  static String documentKind(Path f) throws Exception {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    try (InputStream in = new FileInputStream(f.toFile())) {
      XMLStreamReader r = factory.createXMLStreamReader(in);
      while (r.hasNext()) {
        if (r.next() == XMLStreamConstants.START_ELEMENT) {
          String ns = r.getNamespaceURI();
          String local = r.getLocalName();
          if (INVOICE_NS.equals(ns) && local.equals("Invoice")) return "Invoice";
          if (CREDIT_NOTE_NS.equals(ns) && local.equals("CreditNote")) return "CreditNote";
          return null;
        }
      }
    } catch (javax.xml.stream.XMLStreamException e) {
      return "Invoice";  // not well-formed: let the XSD step report the parse error
    }
    return null;
  }

  static XsltExecutable compile(Processor processor, String name, Path xslt) throws ToolchainError {
    XsltCompiler compiler = processor.newXsltCompiler();
    try {
      return compiler.compile(new StreamSource(xslt.toFile()));
    } catch (Exception e) {
      throw new ToolchainError(name + " rules (" + xslt + ") do not compile: " + e.getMessage());
    }
  }

  // The XSDs import CCTS, xmldsig and XAdES by namespace only (no schemaLocation):
  // they are resolved here to the pinned local copies, and nothing is ever
  // fetched from the network.
  static Schema loadSchema(Path main, Path xsdDir) throws Exception {
    Map<String, Path> byNamespace = Map.of(
        "urn:un:unece:uncefact:data:specification:CoreComponentTypeSchemaModule:2",
        xsdDir.resolve("CCTS_CCT_SchemaModule.xsd"),
        "http://www.w3.org/2000/09/xmldsig#", xsdDir.resolve("xmldsig-core-schema.xsd"),
        "http://uri.etsi.org/01903/v1.3.2#", xsdDir.resolve("XAdES01903v132-201601.xsd"),
        "http://uri.etsi.org/01903/v1.4.1#", xsdDir.resolve("XAdES01903v141-201601.xsd"));
    for (Path p : byNamespace.values()) requireFile(p, "schema");
    SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "file");
    LSResourceResolver defaults = factory.getResourceResolver();
    factory.setResourceResolver((type, namespace, publicId, systemId, baseUri) -> {
      Path local = namespace == null ? null : byNamespace.get(namespace);
      if (local == null) return defaults == null ? null : defaults.resolveResource(type, namespace, publicId, systemId, baseUri);
      return new FileInput(local);
    });
    List<String> errors = new ArrayList<>();
    factory.setErrorHandler(new ErrorHandler() {
      public void warning(SAXParseException e) {}
      public void error(SAXParseException e) { errors.add(describe(e)); }
      public void fatalError(SAXParseException e) throws SAXException { errors.add(describe(e)); throw e; }
    });
    try {
      Schema schema = factory.newSchema(main.toFile());
      if (!errors.isEmpty()) throw new ToolchainError("schema " + main + ": " + firstOf(errors));
      return schema;
    } catch (SAXException e) {
      throw new ToolchainError("schema " + main + " does not load: " + firstOf(errors));
    }
  }

  static String firstOf(List<String> errors) {
    return errors.size() <= 3 ? errors.toString()
        : errors.subList(0, 3) + " and " + (errors.size() - 3) + " more";
  }

  static void validateXsd(Schema schema, Path f, Report report) throws Exception {
    Validator validator = schema.newValidator();
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
    validator.setErrorHandler(new ErrorHandler() {
      public void warning(SAXParseException e) {}
      public void error(SAXParseException e) { report.fatal("xsd", "-", e.getMessage(), position(e)); }
      public void fatalError(SAXParseException e) throws SAXException {
        report.fatal("xsd", "-", e.getMessage(), position(e));
        throw e;
      }
    });
    try {
      validator.validate(new StreamSource(f.toFile()));
    } catch (SAXParseException e) {
      // Reported by fatalError: the document is not well-formed.
    }
    report.ran("xsd", -1);
  }

  static XdmNode parse(Processor processor, Path f, Report report) {
    try {
      DocumentBuilder builder = processor.newDocumentBuilder();
      builder.setLineNumbering(true);
      return builder.build(f.toFile());
    } catch (Exception e) {
      report.fatal("parse", "-", e.getMessage(), "/");
      return null;
    }
  }

  static void runSchematron(Processor processor, String name, XsltExecutable xslt, XdmNode doc,
                            Report report) throws Exception {
    XdmDestination out = new XdmDestination();
    XsltTransformer t = xslt.load();
    t.setInitialContextNode(doc);
    t.setDestination(out);
    t.setMessageHandler(m -> System.err.println(name + ": xsl:message: " + m.getContent().getStringValue()));
    t.transform();
    XdmNode svrl = out.getXdmNode();
    XdmNode root = null;
    if (svrl != null) {
      for (XdmItem child : svrl.children()) {
        XdmNode n = (XdmNode) child;
        if (n.getNodeKind() == XdmNodeKind.ELEMENT) { root = n; break; }
      }
    }
    if (root == null || !root.getNodeName().equals(new QName(SVRL, "schematron-output"))) {
      throw new ToolchainError(name + " rules produced no SVRL for " + report.file);
    }
    XPathCompiler xp = processor.newXPathCompiler();
    xp.declareNamespace("svrl", SVRL);
    int fired = Integer.parseInt(xp.evaluate("count(//svrl:fired-rule)", root).itemAt(0).getStringValue());
    if (fired == 0) {
      throw new ToolchainError(name + " rules fired no rule on " + report.file
          + ": they do not apply to this document, so nothing was checked");
    }
    XPathSelector findings = xp.compile("//svrl:failed-assert | //svrl:successful-report").load();
    findings.setContextItem(root);
    for (XdmItem item : findings) {
      XdmNode n = (XdmNode) item;
      String id = n.getAttributeValue(new QName("id"));
      String flag = n.getAttributeValue(new QName("flag"));
      String location = n.getAttributeValue(new QName("location"));
      String text = xp.evaluate("normalize-space(string(svrl:text))", n).itemAt(0).getStringValue();
      report.add(name, flag, id == null ? "-" : id, text, location == null ? "-" : readable(location));
    }
    report.ran(name, fired);
  }

  // "/*:Invoice[namespace-uri()='urn:...'][1]/*:TaxTotal[namespace-uri()='urn:...'][1]"
  // reads as "/*:Invoice[1]/*:TaxTotal[1]".
  static String readable(String location) {
    return location.replaceAll("\\[namespace-uri\\(\\)='[^']*'\\]", "");
  }

  static String position(SAXParseException e) {
    return "line " + e.getLineNumber() + ":" + e.getColumnNumber();
  }

  static String describe(SAXParseException e) {
    return e.getSystemId() + " " + position(e) + ": " + e.getMessage();
  }

  /** Findings of one file, printed as "FILE: STEP FLAG RULE: text (at where)". */
  static final class Report {
    final String file;
    final List<String> lines = new ArrayList<>();
    final Map<String, int[]> counts = new LinkedHashMap<>();  // step -> fatal, warning, fired

    Report(String file) { this.file = file; }

    void fatal(String step, String id, String text, String where) { add(step, "fatal", id, text, where); }

    // Only "warning" and "information" are not fatal: an absent or unknown flag
    // counts as fatal, never as a pass.
    void add(String step, String flag, String id, String text, String where) {
      String f = flag == null ? "fatal(no flag)" : flag;
      boolean nonFatal = "warning".equals(flag) || "information".equals(flag) || "info".equals(flag);
      int[] c = counts.computeIfAbsent(step, k -> new int[] {0, 0, -1});
      c[nonFatal ? 1 : 0]++;
      lines.add(file + ": " + step + " " + f + " " + id + ": " + text + " (at " + where + ")");
    }

    void ran(String step, int fired) { counts.computeIfAbsent(step, k -> new int[] {0, 0, -1})[2] = fired; }

    /** Prints everything; true when valid. */
    boolean print(String kind) {
      int fatal = 0;
      for (String l : lines) System.out.println(l);
      StringBuilder summary = new StringBuilder();
      for (Map.Entry<String, int[]> e : counts.entrySet()) {
        int[] c = e.getValue();
        fatal += c[0];
        if (summary.length() > 0) summary.append("; ");
        summary.append(e.getKey()).append(" ").append(c[0]).append(" fatal, ").append(c[1]).append(" warning");
        if (c[2] >= 0) summary.append(" (").append(c[2]).append(" rules fired)");
      }
      System.out.println(file + ": " + (fatal == 0 ? "VALID" : "INVALID") + " "
          + (kind == null ? "?" : kind) + ": " + summary);
      return fatal == 0;
    }
  }

  static final class FileInput implements LSInput {
    final Path path;
    FileInput(Path path) { this.path = path; }
    public Reader getCharacterStream() { return null; }
    public void setCharacterStream(Reader r) {}
    public InputStream getByteStream() {
      try { return new FileInputStream(path.toFile()); } catch (Exception e) { throw new RuntimeException(e); }
    }
    public void setByteStream(InputStream s) {}
    public String getStringData() { return null; }
    public void setStringData(String s) {}
    public String getSystemId() { return path.toUri().toString(); }
    public void setSystemId(String s) {}
    public String getPublicId() { return null; }
    public void setPublicId(String s) {}
    public String getBaseURI() { return null; }
    public void setBaseURI(String s) {}
    public String getEncoding() { return null; }
    public void setEncoding(String s) {}
    public boolean getCertifiedText() { return false; }
    public void setCertifiedText(boolean b) {}
  }
}

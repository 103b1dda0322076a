"""POL: the ontology namespace; the only way Python code names a ``pol:`` term."""

from __future__ import annotations

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace

ONTOLOGY_IRI = "https://w3id.org/policykg/ontology#"


class POL(DefinedNamespace):
    """Terms of ``ontology/policy.ttl``; a misspelt term raises AttributeError.

    >>> POL.leadAgency
    rdflib.term.URIRef('https://w3id.org/policykg/ontology#leadAgency')
    """

    _NS = Namespace(ONTOLOGY_IRI)
    _fail = True

    # Classes
    PolicyDocument: URIRef
    UnresolvedDocument: URIRef
    ReferenceDocument: URIRef
    Section: URIRef
    Task: URIRef
    Assignment: URIRef
    Target: URIRef
    Indicator: URIRef
    Attachment: URIRef
    Proposal: URIRef
    Agency: URIRef
    District: URIRef
    SourceFile: URIRef
    AgencyPair: URIRef
    UnassignedTask: URIRef
    # Object properties
    implements: URIRef
    respondsTo: URIRef
    hasAttachment: URIRef
    district: URIRef
    level: URIRef
    inSection: URIRef
    parentSection: URIRef
    responsibleAgency: URIRef
    leadAgency: URIRef
    coAgency: URIRef
    jointAgency: URIRef
    coHandler: URIRef
    hasTarget: URIRef
    basis: URIRef
    agencyType: URIRef
    # Datatype properties
    docCode: URIRef
    docYear: URIRef
    docSerial: URIRef
    issuerName: URIRef
    complete: URIRef
    warning: URIRef
    publication: URIRef
    addressee: URIRef
    copyTo: URIRef
    citedTitle: URIRef
    taskCount: URIRef
    present: URIRef
    number: URIRef
    sectionId: URIRef
    order: URIRef
    taskId: URIRef
    text: URIRef
    taskKind: URIRef
    lineStart: URIRef
    lineEnd: URIRef
    collective: URIRef
    collectiveText: URIRef
    asWritten: URIRef
    evidenceLine: URIRef
    indicatorName: URIRef
    value: URIRef
    unit: URIRef
    targetYear: URIRef
    comparator: URIRef
    category: URIRef
    proposalNumber: URIRef
    session: URIRef
    proposer: URIRef
    shortName: URIRef
    city: URIRef
    path: URIRef
    sha256: URIRef
    encoding: URIRef
    sourceKind: URIRef
    leadCount: URIRef
    coCount: URIRef
    jointCount: URIRef
    coHandlerCount: URIRef
    documentCount: URIRef
    agencyA: URIRef
    agencyB: URIRef
    sharedTaskCount: URIRef
    pairOrder: URIRef
    agencyOrder: URIRef
    documentOrder: URIRef
    districtDocumentOrder: URIRef
    documentListingOrder: URIRef
    agencyName: URIRef
    agencyTypeCode: URIRef
    nameKey: URIRef
    aliasText: URIRef
    districtName: URIRef
    assignedTaskCount: URIRef
    targetCount: URIRef
    implementsNumber: URIRef
    deadlineOrder: URIRef
    targetOrder: URIRef
    workloadOrder: URIRef
    degreeCentrality: URIRef
    betweennessCentrality: URIRef
    districtDegreeCentrality: URIRef
    districtBetweennessCentrality: URIRef
    # Concept schemes
    RoleScheme: URIRef
    BasisScheme: URIRef
    LevelScheme: URIRef
    AgencyTypeScheme: URIRef
    DocumentTypeScheme: URIRef
    # Concepts
    role_lead: URIRef
    role_co: URIRef
    role_joint: URIRef
    role_co_handler: URIRef
    basis_explicit: URIRef
    basis_listing_order: URIRef
    level_national: URIRef
    level_municipal: URIRef
    level_district: URIRef
    level_provincial: URIRef
    agencytype_department: URIRef
    agencytype_party: URIRef
    agencytype_judicial: URIRef
    agencytype_people_org: URIRef
    agencytype_zone: URIRef
    agencytype_vertical: URIRef
    agencytype_township: URIRef
    agencytype_government: URIRef
    agencytype_company: URIRef
    doctype_决议: URIRef
    doctype_决定: URIRef
    doctype_命令: URIRef
    doctype_公报: URIRef
    doctype_公告: URIRef
    doctype_通告: URIRef
    doctype_意见: URIRef
    doctype_通知: URIRef
    doctype_通报: URIRef
    doctype_报告: URIRef
    doctype_请示: URIRef
    doctype_批复: URIRef
    doctype_议案: URIRef
    doctype_函: URIRef
    doctype_纪要: URIRef
    # Facts of the text (issue 13)
    Deadline: URIRef
    hasDeadline: URIRef
    deadlineKind: URIRef
    dueDate: URIRef
    dueBy: URIRef
    periodStart: URIRef
    deadlineText: URIRef
    direction: URIRef
    baseYear: URIRef
    aspirational: URIRef
    # Clause-level lineage
    Clause: URIRef
    ClauseCorrespondence: URIRef
    parentClause: URIRef
    correspondenceFrom: URIRef
    correspondenceTo: URIRef
    implementsClause: URIRef
    clauseId: URIRef
    clauseText: URIRef
    alignmentMethod: URIRef
    score: URIRef
    linkStatus: URIRef
    evidenceText: URIRef
